package io.fiso.bench.pipeline;

import io.fiso.avro.Provider;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.OutputObserver;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.Subject;
import io.fiso.router.RouterApp;
import io.fiso.router.RouterConfig;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import io.fiso.workers.Invokers;
import io.fiso.workers.WorkerGroup;
import io.fiso.workers.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * FISO's invocation path in one process: the router ({@link RouterApp}) reading the run's
 * invocations, and one worker group per provider ({@link WorkerGroup}) calling the devstack
 * emulators, whose functions add no time; done when the result is on fiso.results.
 */
public final class PipelineScenario implements Scenario {

  private final BenchCluster cluster;
  private final Guarantee guarantee;
  private final Duration commitInterval;
  private final TopicCatalog shared;
  private final List<Provider> providers;
  private final int concurrency;
  private final Map<String, String> invokerEnvironment;
  private final Duration routerLinger;

  /**
   * @param routerLinger the router producer's linger; null for the router's default for the
   *     guarantee
   */
  public PipelineScenario(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      TopicCatalog shared,
      List<Provider> providers,
      int concurrency,
      Map<String, String> invokerEnvironment,
      Duration routerLinger) {
    this.cluster = cluster;
    this.routerLinger = routerLinger;
    this.guarantee = guarantee;
    this.commitInterval = commitInterval;
    this.shared = shared;
    this.providers = List.copyOf(providers);
    this.concurrency = concurrency;
    this.invokerEnvironment = Map.copyOf(invokerEnvironment);
  }

  @Override
  public String name() {
    return "pipeline (router " + guarantee + " + workers)";
  }

  public Guarantee guarantee() {
    return guarantee;
  }

  /**
   * The topics of run {@code tag}: its own routed, results, costs and dead-letter topics, the
   * shared policies, prices and statistics, and {@code input} as fiso.invocations.
   */
  public TopicCatalog catalog(String tag, String input) {
    TopicCatalog own = TopicCatalog.DEFAULT.withPrefix(tag + ".");
    TopicSpec<io.fiso.avro.InvocationRequest> in = shared.invocations();
    return new TopicCatalog(
        new TopicSpec<>(
            input,
            in.valueType(),
            in.partitions(),
            in.cleanupPolicy(),
            in.retention(),
            in.description()),
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

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    TopicCatalog c = catalog(tag, "unused");
    Map<String, Integer> out = new LinkedHashMap<>();
    for (TopicSpec<?> t :
        List.of(
            c.routedAws(),
            c.routedAzure(),
            c.routedGcp(),
            c.results(),
            c.costs(),
            c.deadLetter())) {
      out.put(t.name(), t.partitions());
    }
    return out;
  }

  @Override
  public List<String> mustStayEmpty(String tag) {
    return List.of(catalog(tag, "unused").deadLetter().name());
  }

  /** One result per invocation. */
  @Override
  public List<String> countedOutputs(String tag) {
    return List.of(catalog(tag, "unused").results().name());
  }

  /** Times each invocation's stages from its result's timestamps. */
  @Override
  public OutputObserver observer(String tag) {
    return new StageTimer(cluster.registry(), catalog(tag, "unused").results().name());
  }

  @Override
  public String groupId(String tag) {
    return tag + ".router";
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    TopicCatalog catalog = catalog(tag, inputTopic);
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("fiso-bench-pipeline-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a state directory for the router", e);
    }
    RouterConfig config =
        RouterConfig.defaults(cluster.registry())
            .withApplicationId(groupId(tag))
            .withTopics(catalog)
            .withProcessingGuarantee(guarantee.router())
            .withCommitInterval(commitInterval)
            .withStateDir(stateDir)
            .withKafka(cluster.clientProps());
    if (routerLinger != null) {
      config = config.withLinger(routerLinger);
    }
    List<WorkerGroup> workers = new ArrayList<>();
    RouterApp router = null;
    try {
      for (Provider p : providers) {
        WorkerSettings settings =
            WorkerSettings.defaults(p)
                .withGroupId(tag + ".workers-" + p.name().toLowerCase(java.util.Locale.ROOT))
                .withConcurrency(concurrency, concurrency)
                .withShutdownGrace(Duration.ofSeconds(2));
        workers.add(
            WorkerGroup.builder(settings)
                .kafka(cluster.clientProps())
                .registry(cluster.registry())
                .autoRegisterSchemas(true)
                .topics(catalog)
                .invoker(
                    Invokers.fromEnv(p, invokerEnvironment, concurrency, Duration.ofSeconds(30)))
                .followPrices(false)
                .start());
      }
      router = new RouterApp(config).start();
    } catch (RuntimeException e) {
      workers.forEach(WorkerGroup::close);
      throw e;
    }
    RouterApp app = router;
    return new Subject() {
      @Override
      public void awaitRunning(Duration timeout) throws InterruptedException {
        if (!app.awaitRunning(timeout)) {
          throw new IllegalStateException(name() + ": the router did not reach RUNNING");
        }
        // Let the share consumers join before the clock starts.
        Thread.sleep(1500);
      }

      @Override
      public void close() {
        app.close();
        workers.forEach(WorkerGroup::close);
        try (Stream<Path> paths = Files.walk(stateDir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
          // a temporary directory: left for the OS
        }
      }
    };
  }
}
