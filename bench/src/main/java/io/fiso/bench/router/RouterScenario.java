package io.fiso.bench.router;

import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.Subject;
import io.fiso.router.RouterApp;
import io.fiso.router.RouterConfig;
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

/**
 * The full router ({@link RouterApp} running {@code RouterTopology.build(RouterConfig)}): Avro
 * decode, policy lookup in the global store, the decision (strategy, prices, predicted cost), Avro
 * encode of the routed record. Its policies, prices, provider statistics and budget topics are
 * shared by all runs with the same policy count; each run gets its own output topics.
 */
final class RouterScenario implements Scenario {

  private final BenchCluster cluster;
  private final Guarantee guarantee;
  private final Duration commitInterval;
  private final Duration linger;
  private final int policies;
  private final TopicCatalog shared;
  private final int outputPartitions;
  private final int threads;

  RouterScenario(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int policies,
      TopicCatalog shared,
      int outputPartitions,
      int threads) {
    this.cluster = cluster;
    this.guarantee = guarantee;
    this.commitInterval = commitInterval;
    this.linger = linger;
    this.policies = policies;
    this.shared = shared;
    this.outputPartitions = outputPartitions;
    this.threads = threads;
  }

  @Override
  public String name() {
    return "router, " + guarantee + ", " + policies + (policies == 1 ? " policy" : " policies");
  }

  int policies() {
    return policies;
  }

  Guarantee guarantee() {
    return guarantee;
  }

  /** The catalog of one run: shared state topics, the run's input and its own outputs. */
  TopicCatalog catalog(String tag, String input) {
    TopicCatalog own = TopicCatalog.DEFAULT.withPrefix(tag + ".");
    return new TopicCatalog(
        renamed(shared.invocations(), input),
        shared.policies(),
        own.routedAws(),
        own.routedAzure(),
        own.routedGcp(),
        own.results(),
        own.costs(),
        shared.providerStats(),
        shared.prices(),
        shared.budgetStatus(),
        own.alerts(),
        own.deadLetter());
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> TopicSpec<V> renamed(
      TopicSpec<V> spec, String name) {
    return new TopicSpec<>(
        name,
        spec.valueType(),
        spec.partitions(),
        spec.cleanupPolicy(),
        spec.retention(),
        spec.description());
  }

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    TopicCatalog c = catalog(tag, "unused");
    Map<String, Integer> out = new LinkedHashMap<>();
    for (TopicSpec<?> t :
        List.of(c.routedAws(), c.routedAzure(), c.routedGcp(), c.results(), c.deadLetter())) {
      out.put(t.name(), outputPartitions);
    }
    return out;
  }

  /**
   * Rejections and dead letters mean the workload is wrong (a missing policy, an undecodable
   * record), not that the router is slow: the run fails.
   */
  @Override
  public List<String> mustStayEmpty(String tag) {
    TopicCatalog c = catalog(tag, "unused");
    return List.of(c.results().name(), c.deadLetter().name());
  }

  @Override
  public boolean threadsNamedByTag() {
    return true;
  }

  @Override
  public String groupId(String tag) {
    return tag + ".router";
  }

  RouterConfig config(String tag, String input, Path stateDir) {
    return RouterConfig.defaults(cluster.registry())
        .withApplicationId(groupId(tag))
        .withTopics(catalog(tag, input))
        .withProcessingGuarantee(guarantee.router())
        .withCommitInterval(commitInterval)
        .withLinger(linger)
        .withStreamThreads(threads)
        .withStateDir(stateDir)
        .withKafka(cluster.clientProps());
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("fiso-bench-router-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a state directory for the router", e);
    }
    RouterApp app = new RouterApp(config(tag, inputTopic, stateDir)).start();
    return new Subject() {
      @Override
      public void awaitRunning(Duration timeout) throws InterruptedException {
        if (!app.awaitRunning(timeout)) {
          throw new IllegalStateException(
              name() + " did not reach RUNNING within " + timeout + " (state " + app.state() + ")");
        }
      }

      @Override
      public void close() {
        app.close();
        delete(stateDir);
        if (app.stopped().isCompletedExceptionally()) {
          app.stopped().join();
        }
      }
    };
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory: left for the OS
    }
  }
}
