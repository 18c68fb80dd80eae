package io.fiso.bench.workers;

import io.fiso.avro.Provider;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.Subject;
import io.fiso.devstack.emulator.FunctionStats;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import io.fiso.workers.Invokers;
import io.fiso.workers.WorkerGroup;
import io.fiso.workers.WorkerSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One provider's worker group as {@code fiso workers --provider X} runs it ({@link WorkerGroup}: a
 * share group on fiso.routed.X, the provider's real client — the AWS SDK v2 Lambda client, the
 * Azure Functions and Google HTTP invokers — bounded concurrency, results and cost events written
 * before each record is acknowledged), calling the devstack emulator of that cloud, whose function
 * takes a fixed service time.
 */
final class WorkersScenario implements Scenario {

  private final BenchCluster cluster;
  private final Provider provider;
  private final int concurrency;
  private final Map<String, String> invokerEnvironment;
  private final Duration callTimeout;
  private final FunctionStats emulatorStats;
  private final int consumers;
  private final AtomicInteger lastMaxInFlight = new AtomicInteger();
  private final AtomicInteger lastMaxRunning = new AtomicInteger();
  private volatile PermitUse lastPermitUse = PermitUse.NONE;

  /**
   * How the group used its permits between the first and the last moment all {@code c} were busy,
   * sampled every {@link #SAMPLE_MILLIS} ms: the mean calls in flight, the share of samples with a
   * permit free, and the share with a permit free while records waited for one (the rest of the
   * free ones: no record had reached the worker to take it).
   */
  record PermitUse(double meanInFlight, double freeShare, double freeWithWaitingShare) {
    static final PermitUse NONE = new PermitUse(-1, -1, -1);

    static PermitUse of(int[] inFlight, int[] waiting, int count, int limit) {
      int first = -1;
      int last = -1;
      for (int i = 0; i < count; i++) {
        if (inFlight[i] >= limit) {
          if (first < 0) {
            first = i;
          }
          last = i;
        }
      }
      if (first < 0 || last <= first) {
        return NONE;
      }
      long sum = 0;
      int free = 0;
      int freeWithWaiting = 0;
      for (int i = first; i <= last; i++) {
        sum += inFlight[i];
        if (inFlight[i] < limit) {
          free++;
          if (waiting[i] > 0) {
            freeWithWaiting++;
          }
        }
      }
      int n = last - first + 1;
      return new PermitUse((double) sum / n, (double) free / n, (double) freeWithWaiting / n);
    }
  }

  static final int SAMPLE_MILLIS = 2;

  WorkersScenario(
      BenchCluster cluster,
      Provider provider,
      int concurrency,
      Map<String, String> invokerEnvironment,
      Duration callTimeout,
      FunctionStats emulatorStats,
      int consumers) {
    this.emulatorStats = emulatorStats;
    this.consumers = consumers;
    this.cluster = cluster;
    this.provider = provider;
    this.concurrency = concurrency;
    this.invokerEnvironment = Map.copyOf(invokerEnvironment);
    this.callTimeout = callTimeout;
  }

  @Override
  public String name() {
    return "workers "
        + provider
        + ", concurrency "
        + concurrency
        + (consumers == DEFAULT_CONSUMERS ? "" : ", " + consumers + " consumers");
  }

  /** The worker's default consumers per process: scenarios with it keep their plain names. */
  static final int DEFAULT_CONSUMERS = WorkerSettings.defaults(Provider.AWS).consumers();

  Provider provider() {
    return provider;
  }

  int concurrency() {
    return concurrency;
  }

  /** The most calls in flight at once in the last run, as the worker group's limiter saw them. */
  int lastMaxInFlight() {
    return lastMaxInFlight.get();
  }

  /**
   * Samples {@code group}'s calls in flight and records waiting for a permit every {@link
   * #SAMPLE_MILLIS} ms until interrupted, then publishes what they show as {@link #lastPermitUse}.
   */
  private void samplePermits(WorkerGroup group) {
    int[] inFlight = new int[4096];
    int[] waiting = new int[4096];
    int n = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (n == inFlight.length) {
          inFlight = Arrays.copyOf(inFlight, n * 2);
          waiting = Arrays.copyOf(waiting, n * 2);
        }
        inFlight[n] = group.inFlight();
        waiting[n] = group.waitingForPermit();
        n++;
        Thread.sleep(SAMPLE_MILLIS);
      }
    } catch (InterruptedException e) {
      // the run is over
    }
    lastPermitUse = PermitUse.of(inFlight, waiting, n, concurrency);
  }

  /** How the last run used its permits. */
  PermitUse lastPermitUse() {
    return lastPermitUse;
  }

  /** The most calls the emulator's function was running at once in the last run. */
  int lastMaxRunning() {
    return lastMaxRunning.get();
  }

  /** The run's catalog: {@code input} is its routed topic, every other topic its own. */
  TopicCatalog catalog(String tag, String input) {
    TopicCatalog own = TopicCatalog.DEFAULT.withPrefix(tag + ".");
    TopicSpec<io.fiso.avro.RoutedInvocation> routed = own.routed(provider);
    TopicSpec<io.fiso.avro.RoutedInvocation> in =
        new TopicSpec<>(
            input,
            routed.valueType(),
            routed.partitions(),
            routed.cleanupPolicy(),
            routed.retention(),
            routed.description());
    return new TopicCatalog(
        own.invocations(),
        own.policies(),
        provider == Provider.AWS ? in : own.routedAws(),
        provider == Provider.AZURE ? in : own.routedAzure(),
        provider == Provider.GCP ? in : own.routedGcp(),
        own.results(),
        own.costs(),
        own.providerStats(),
        own.prices(),
        own.budgetStatus(),
        own.alerts(),
        own.deadLetter());
  }

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    TopicCatalog c = catalog(tag, "unused");
    Map<String, Integer> out = new LinkedHashMap<>();
    for (TopicSpec<?> t : List.of(c.results(), c.costs(), c.invocations(), c.deadLetter())) {
      out.put(t.name(), t.partitions());
    }
    return out;
  }

  /** Failovers and dead letters mean the emulator failed calls: not what is measured. */
  @Override
  public List<String> mustStayEmpty(String tag) {
    TopicCatalog c = catalog(tag, "unused");
    return List.of(c.invocations().name(), c.deadLetter().name());
  }

  /** Share groups commit no offsets: progress is the results read back, one per invocation. */
  @Override
  public List<String> countedOutputs(String tag) {
    return List.of(catalog(tag, "unused").results().name());
  }

  @Override
  public String groupId(String tag) {
    return tag + ".workers";
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    WorkerSettings settings =
        WorkerSettings.defaults(provider)
            .withGroupId(groupId(tag))
            .withConcurrency(concurrency, concurrency)
            .withConsumers(consumers, WorkerSettings.defaults(provider).maxPollRecords())
            .withCallTimeout(callTimeout)
            .withShutdownGrace(Duration.ofSeconds(2));
    emulatorStats.reset();
    lastPermitUse = PermitUse.NONE;
    WorkerGroup group =
        WorkerGroup.builder(settings)
            .kafka(cluster.clientProps())
            .registry(cluster.registry())
            .autoRegisterSchemas(true)
            .topics(catalog(tag, inputTopic))
            .invoker(Invokers.fromEnv(provider, invokerEnvironment, concurrency, callTimeout))
            .followPrices(false)
            .start();
    Thread sampler = new Thread(() -> samplePermits(group), "bench-permit-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return new Subject() {
      @Override
      public void awaitRunning(Duration timeout) {
        // The share group's consumers start with the group; records flow when they join.
      }

      @Override
      public void close() {
        sampler.interrupt();
        try {
          sampler.join(1000); // it publishes lastPermitUse as it ends
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        lastMaxInFlight.set(group.maxInFlight());
        lastMaxRunning.set(emulatorStats.maxRunning());
        group.close();
      }
    };
  }
}
