package io.fiso.cli.results;

import io.fiso.avro.InvocationResult;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.invoke.ResultFormat;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso results ...}: the invocation results on fiso.results. */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = {"Read the invocation results on fiso.results."},
    footer = {"", "Example:", "  fiso results tail --function fiso-sample"},
    subcommands = {ResultsCommand.Tail.class, HelpCommand.class})
public final class ResultsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** {@code fiso results tail}. */
  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = {
        "Print results as they arrive on fiso.results, one line each (time, invocation id,"
            + " function, status, provider and region, cost, duration), until Ctrl-C or --count."
            + " Reads no consumer group offsets and commits none."
      },
      footer = {
        "",
        "Examples:",
        "  fiso results tail",
        "  fiso results tail --from-beginning --function checkout --count 20"
      })
  static final class Tail implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--from-beginning", description = "Start at the oldest retained result.")
    boolean fromBeginning;

    @Option(names = "--function", paramLabel = "NAME", description = "Only this function.")
    String function;

    @Option(
        names = {"-n", "--count"},
        paramLabel = "N",
        description = "Stop after N results (default: run until Ctrl-C).")
    Integer count;

    @Override
    public Integer call() {
      FisoSettings settings = Fiso.root(spec).settings();
      String topic = TopicCatalog.DEFAULT.results().name();
      AvroDeserializer<InvocationResult> decoder =
          new AvroDeserializer<>(
              SchemaRegistryClients.fromSettings(settings), InvocationResult.class);
      Map<String, Object> props = settings.kafkaClientProperties();
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fiso-cli-results-tail");
      PrintWriter out = spec.commandLine().getOut();
      AtomicBoolean stop = new AtomicBoolean();
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
      int printed = 0;
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        while (!stop.get() && !main.isInterrupted()) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            InvocationResult result;
            try {
              result = decoder.deserialize(r);
            } catch (RuntimeException e) {
              spec.commandLine().getErr().println("fiso: skipped: " + e.getMessage());
              continue;
            }
            if (result == null || (function != null && !function.equals(result.getFunction()))) {
              continue;
            }
            out.println(ResultFormat.oneLine(result));
            out.flush();
            if (count != null && ++printed >= count) {
              return ExitCodes.OK;
            }
          }
        }
      }
      return ExitCodes.OK;
    }
  }
}
