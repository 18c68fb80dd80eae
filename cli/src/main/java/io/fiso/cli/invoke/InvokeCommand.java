package io.fiso.cli.invoke;

import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.invocation.InvocationIds;
import io.fiso.controlplane.kafka.KafkaClients;
import io.fiso.controlplane.kafka.KafkaInvocationGateway;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso invoke}: produce one invocation request and print its result. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description = {
      "Produce one InvocationRequest to fiso.invocations and wait for its InvocationResult on"
          + " fiso.results (matched by invocation id), then print it: status, provider, region,"
          + " cost and the function's response. Exit code 0 when the invocation SUCCEEDED (or was"
          + " accepted, with --mode async), 1 otherwise."
    },
    footer = {
      "",
      "Examples:",
      "  fiso invoke --function fiso-sample",
      "  fiso invoke --function checkout --payload '{\"order\":42}' --label team=payments",
      "  fiso invoke --function fiso-sample --provider gcp --payload-file event.json",
      "  fiso invoke --function fiso-sample --mode async"
    })
public final class InvokeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-F", "--function"},
      paramLabel = "NAME",
      defaultValue = "fiso-sample",
      description = "Logical function name (default: ${DEFAULT-VALUE}).")
  String function;

  @Option(
      names = {"-d", "--payload"},
      paramLabel = "TEXT",
      description = "The event, as text (default: empty).")
  String payload;

  @Option(names = "--payload-file", paramLabel = "FILE", description = "The event, from a file.")
  Path payloadFile;

  @Option(
      names = "--content-type",
      defaultValue = "application/json",
      description = "Media type of the payload (default: ${DEFAULT-VALUE}).")
  String contentType;

  @Option(
      names = "--mode",
      defaultValue = "SYNC",
      description = "SYNC waits for the function; ASYNC is fire-and-forget at the provider.")
  InvocationMode mode;

  @Option(
      names = "--provider",
      paramLabel = "aws|azure|gcp",
      description = "Preferred provider, followed when one of its targets is eligible.")
  String provider;

  @Option(names = "--region", description = "Preferred region.")
  String region;

  @Option(
      names = {"-l", "--label"},
      paramLabel = "KEY=VALUE",
      description = "FinOps allocation label (team, project, ...); repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      description = "How long to wait for the result; also the request's deadline.")
  String timeout;

  @Override
  public Integer call() throws InterruptedException {
    FisoSettings settings = Fiso.root(spec).settings();
    Duration wait = parseDuration(timeout);
    byte[] body = payload();
    Instant now = Instant.now();
    InvocationRequest request =
        InvocationRequest.newBuilder()
            .setInvocationId(InvocationIds.next(now))
            .setFunction(function)
            .setPayload(ByteBuffer.wrap(body))
            .setContentType(contentType)
            .setMode(mode)
            .setDeadline(now.plus(wait))
            .setPreferredProvider(provider == null ? null : parseProvider(provider))
            .setPreferredRegion(region)
            .setLabels(labels)
            .setRequestedAt(now)
            .setAttempt(1)
            .setExcludedProviders(List.of())
            .setTraceparent(null)
            .build();
    ControlPlaneConfig config = ControlPlaneConfig.from(settings);
    SchemaRegistryClient registry = SchemaRegistryClients.fromSettings(settings);
    TopicCatalog topics = TopicCatalog.DEFAULT;
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(KafkaClients.producer(config, "fiso-cli-invoke"));
        KafkaInvocationGateway gateway =
            new KafkaInvocationGateway(
                topics.invocations().name(),
                topics.results().name(),
                producer,
                new AvroSerializer<InvocationRequest>(registry, false, true),
                new AvroDeserializer<>(registry, InvocationResult.class),
                () ->
                    new KafkaConsumer<>(
                        KafkaClients.assignedConsumer(config, "fiso-cli-invoke", "latest")),
                16,
                wait,
                Clock.systemUTC())) {
      gateway.start();
      awaitReady(gateway, settings);
      PrintWriter out = spec.commandLine().getOut();
      InvocationResult result = gateway.invoke(request).get(wait.toMillis(), TimeUnit.MILLISECONDS);
      out.print(ResultFormat.describe(result));
      out.flush();
      return result.getStatus() == InvocationStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILURE;
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          "No result for invocation "
              + request.getInvocationId()
              + " within "
              + timeout
              + " (is the router running, and a worker group for the provider?). Follow it with:"
              + " fiso results tail --function "
              + function,
          null);
    } catch (ExecutionException e) {
      throw new CliException(
          ExitCodes.FAILURE, "Could not invoke: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void awaitReady(KafkaInvocationGateway gateway, FisoSettings settings)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!gateway.readiness().ok()) {
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCodes.FAILURE,
            "Could not follow fiso.results on Kafka at "
                + settings.bootstrapServers()
                + ": "
                + gateway.readiness().detail(),
            null);
      }
      Thread.sleep(100);
    }
  }

  private byte[] payload() {
    if (payload != null && payloadFile != null) {
      throw new CliException(ExitCodes.USAGE, "Give --payload or --payload-file, not both", null);
    }
    if (payloadFile != null) {
      try {
        return Files.readAllBytes(payloadFile);
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.USAGE, "--payload-file " + payloadFile + ": " + e.getMessage(), e);
      }
    }
    return payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8);
  }

  private static Provider parseProvider(String text) {
    try {
      return Provider.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, "--provider " + text + ": use aws, azure or gcp", null);
    }
  }

  static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.parse(text.strip());
    } catch (RuntimeException e) {
      throw new CliException(
          ExitCodes.USAGE, "--timeout " + text + ": use e.g. 500ms, 30s, 2m or PT30S", null);
    }
  }
}
