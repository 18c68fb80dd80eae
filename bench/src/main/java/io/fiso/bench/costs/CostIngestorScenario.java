package io.fiso.bench.costs;

import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.Subject;
import io.fiso.costs.CostIngestorApp;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The cost-ingestor as {@code fiso cost-ingestor} runs it ({@link CostIngestorApp}): validation
 * against the price book, provider statistics, minute and hour rollups and budgets, with its three
 * repartitions. Its prices and policies topics are shared by every run; each run gets its own
 * outputs and internal topics.
 */
final class CostIngestorScenario implements Scenario {

  private final BenchCluster cluster;
  private final Guarantee guarantee;
  private final Duration commitInterval;
  private final TopicCatalog shared;
  private final int outputPartitions;

  CostIngestorScenario(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      TopicCatalog shared,
      int outputPartitions) {
    this.cluster = cluster;
    this.guarantee = guarantee;
    this.commitInterval = commitInterval;
    this.shared = shared;
    this.outputPartitions = outputPartitions;
  }

  @Override
  public String name() {
    return "cost-ingestor, " + guarantee;
  }

  Guarantee guarantee() {
    return guarantee;
  }

  TopicCatalog catalog(String tag, String input) {
    TopicCatalog own = TopicCatalog.DEFAULT.withPrefix(tag + ".");
    return new TopicCatalog(
        own.invocations(),
        shared.policies(),
        own.routedAws(),
        own.routedAzure(),
        own.routedGcp(),
        own.results(),
        new TopicSpec<>(
            input,
            shared.costs().valueType(),
            shared.costs().partitions(),
            shared.costs().cleanupPolicy(),
            shared.costs().retention(),
            shared.costs().description()),
        own.providerStats(),
        shared.prices(),
        own.budgetStatus(),
        own.alerts(),
        own.deadLetter());
  }

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    TopicCatalog c = catalog(tag, "unused");
    Map<String, Integer> out = new LinkedHashMap<>();
    for (TopicSpec<?> t :
        List.of(c.providerStats(), c.budgetStatus(), c.alerts(), c.deadLetter())) {
      out.put(t.name(), outputPartitions);
    }
    return out;
  }

  /** A dead letter means the workload is wrong (an event the price book cannot back). */
  @Override
  public List<String> mustStayEmpty(String tag) {
    return List.of(catalog(tag, "unused").deadLetter().name());
  }

  @Override
  public String groupId(String tag) {
    return tag + ".costs";
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("fiso-bench-costs-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a state directory for the cost-ingestor", e);
    }
    Map<String, Object> kafka = new LinkedHashMap<>(cluster.clientProps());
    kafka.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    CostIngestorConfig config =
        CostIngestorConfig.defaults(cluster.bootstrapServers())
            .withApplicationId(groupId(tag))
            .withTopics(catalog(tag, inputTopic))
            .withProcessingGuarantee(guarantee.streamsValue())
            .withStateDir(stateDir)
            .withKafka(kafka);
    CostIngestorApp app = CostIngestorApp.start(config, cluster.registry(), true);
    return new Subject() {
      @Override
      public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
          if (!app.streams().state().isRunningOrRebalancing()
              && app.streams().state() != KafkaStreams.State.CREATED) {
            throw new IllegalStateException(name() + " stopped: " + app.streams().state());
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(name() + " was not RUNNING after " + timeout);
          }
          Thread.sleep(10);
        }
      }

      @Override
      public void close() {
        app.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
          // a temporary directory: left for the OS
        }
      }
    };
  }
}
