package io.fiso.workers;

import io.fiso.avro.RoutedInvocation;
import io.fiso.pricing.LivePriceBook;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.workers.cost.CostEvents;
import io.fiso.workers.invoke.Invoker;
import io.fiso.workers.resilience.CircuitBreaker;
import io.fiso.workers.resilience.ConcurrencyLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one provider in this process: consumer threads on {@code fiso.routed.<provider>}
 * (a share group, or a classic consumer group in ordered mode) sharing one invoker, one circuit
 * breaker, one concurrency limiter and one idempotent producer.
 *
 * <pre>{@code
 * try (WorkerGroup aws = WorkerGroup.builder(WorkerSettings.defaults(Provider.AWS))
 *         .kafka(Map.of("bootstrap.servers", bootstrap))
 *         .registry(registry)
 *         .invoker(AwsLambdaInvoker.builder().endpointOverride(lambdaEndpoint).devCredentials().build())
 *         .start()) {
 *   ...
 * }
 * }</pre>
 *
 * {@link #close()} is graceful (stop taking records, finish or release the calls in flight within
 * the grace period); {@link #kill()} simulates a crash.
 */
public final class WorkerGroup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerGroup.class);

  private final WorkerSettings settings;
  private final Invoker invoker;
  private final KafkaOutputs outputs;
  private final ScheduledExecutorService scheduler;
  private final ConcurrencyLimiter limiter;
  private final CircuitBreaker breaker;
  private final WorkerMetrics metrics;
  private final List<ShareWorker> shareWorkers = new ArrayList<>();
  private final List<OrderedWorker> orderedWorkers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final PriceFeed priceFeed;
  private final LivePriceBook prices;
  private boolean closed;

  private WorkerGroup(Builder b) {
    this.settings = b.settings;
    this.invoker = b.invoker;
    String provider = settings.provider().name().toLowerCase(Locale.ROOT);
    String instance =
        b.instanceId != null ? b.instanceId : UUID.randomUUID().toString().substring(0, 8);
    this.limiter =
        new ConcurrencyLimiter(
            settings.concurrency(), settings.functionConcurrency(), settings.functionLimits());
    this.breaker = new CircuitBreaker(settings.provider().name(), settings.breaker(), b.clock);
    this.metrics = new WorkerMetrics(limiter::inFlight);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fiso-worker-" + provider + "-timer");
              t.setDaemon(true);
              return t;
            });
    this.prices = b.prices != null ? b.prices : LivePriceBook.seededWithBundledCatalog();
    this.outputs =
        new KafkaOutputs(
            b.kafka,
            "fiso-worker-" + provider + "-" + instance,
            b.registry,
            b.autoRegister,
            b.topics);
    InvocationProcessor processor =
        new InvocationProcessor(
            settings,
            invoker,
            breaker,
            limiter,
            new CostEvents(prices),
            outputs,
            new AvroDeserializer<>(b.registry, RoutedInvocation.class),
            scheduler,
            metrics,
            b.clock);
    String topic = b.topics.routed(settings.provider()).name();
    for (int i = 0; i < settings.consumers(); i++) {
      String name = "fiso-worker-" + provider + "-" + instance + "-" + i;
      Map<String, Object> config = new HashMap<>(b.kafka);
      config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
      config.put(CommonClientConfigs.CLIENT_ID_CONFIG, name);
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
      Thread thread;
      if (settings.ordered()) {
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        OrderedWorker w =
            new OrderedWorker(
                name, config, topic, processor, limiter, settings, metrics, scheduler);
        orderedWorkers.add(w);
        thread = new Thread(w, name);
      } else {
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        config.put("share.acquire.mode", "record_limit");
        ShareWorker w = new ShareWorker(name, config, topic, processor, limiter, settings, metrics);
        shareWorkers.add(w);
        thread = new Thread(w, name);
      }
      threads.add(thread);
    }
    this.priceFeed =
        b.followPrices
            ? new PriceFeed(b.kafka, b.topics.prices().name(), prices, b.registry)
            : null;
    if (priceFeed != null) {
      threads.add(new Thread(priceFeed, "fiso-worker-" + provider + "-prices"));
    }
  }

  public static Builder builder(WorkerSettings settings) {
    return new Builder(settings);
  }

  private void startThreads() {
    for (Thread t : threads) {
      t.setDaemon(false);
      t.start();
    }
    log.info(
        "{} workers started: {} {} consumer(s) on group {}, {} calls in flight at most ({} per function)",
        settings.provider(),
        settings.consumers(),
        settings.ordered() ? "ordered" : "share",
        settings.groupId(),
        settings.concurrency(),
        settings.functionConcurrency());
  }

  public WorkerSettings settings() {
    return settings;
  }

  public WorkerMetrics.Snapshot metrics() {
    return metrics.snapshot();
  }

  /** The largest number of calls that were in flight at once. */
  public int maxInFlight() {
    return limiter.maxInFlight();
  }

  /** Calls in flight now. */
  public int inFlight() {
    return limiter.inFlight();
  }

  /** Records polled and started that wait for a concurrency permit now. */
  public int waitingForPermit() {
    return limiter.waiting();
  }

  public CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  /** The prices this group charges with (the bundled catalog, then fiso.prices). */
  public LivePriceBook prices() {
    return prices;
  }

  /**
   * Blocks until every consumer thread has stopped: after {@link #close()}, or because they failed
   * (a fatal Kafka error such as missing authorization). Returns whether the group was closed, as
   * opposed to having failed.
   */
  public boolean awaitStopped() throws InterruptedException {
    for (Thread t : threads) {
      if (priceFeed == null || !t.getName().endsWith("-prices")) {
        t.join();
      }
    }
    synchronized (this) {
      return closed;
    }
  }

  /**
   * Graceful shutdown: stops taking records, lets calls in flight finish within the grace period
   * (their results written and acknowledged), releases the rest for redelivery, then closes.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Duration grace = settings.shutdownGrace();
    shareWorkers.forEach(w -> w.stop(grace));
    orderedWorkers.forEach(w -> w.stop(grace));
    if (priceFeed != null) {
      priceFeed.stop();
    }
    join(grace.plusSeconds(35));
    shutdownResources(false);
    log.info("{} workers stopped: {}", settings.provider(), metrics.snapshot());
  }

  /**
   * A crash, for tests: consumers stop at once without finishing anything, calls in flight are
   * abandoned and their outcomes never written, the producer is closed without flushing.
   */
  public synchronized void kill() {
    if (closed) {
      return;
    }
    closed = true;
    shareWorkers.forEach(ShareWorker::kill);
    orderedWorkers.forEach(OrderedWorker::kill);
    if (priceFeed != null) {
      priceFeed.stop();
    }
    outputs.abort();
    join(Duration.ofSeconds(10));
    shutdownResources(true);
    log.info("{} workers killed", settings.provider());
  }

  private void join(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      try {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          t.join(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t.isAlive()) {
        log.warn("{} did not stop in time", t.getName());
      }
    }
  }

  private void shutdownResources(boolean abort) {
    if (!abort) {
      outputs.close();
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    invoker.close();
  }

  /** What a worker group needs; {@link #start()} validates it and starts the threads. */
  public static final class Builder {
    private final WorkerSettings settings;
    private Map<String, Object> kafka;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private TopicCatalog topics = TopicCatalog.DEFAULT;
    private Invoker invoker;
    private LivePriceBook prices;
    private boolean followPrices = true;
    private Clock clock = Clock.systemUTC();
    private String instanceId;

    private Builder(WorkerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Kafka client settings shared by the consumers and the producer (bootstrap, security). */
    public Builder kafka(Map<String, ?> kafka) {
      this.kafka = new HashMap<>(kafka);
      return this;
    }

    public Builder registry(SchemaRegistryClient registry) {
      this.registry = registry;
      return this;
    }

    /** Whether the producer registers the record schemas it writes (default true). */
    public Builder autoRegisterSchemas(boolean autoRegister) {
      this.autoRegister = autoRegister;
      return this;
    }

    public Builder topics(TopicCatalog topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /** The provider's invoker; the group closes it when it stops. */
    public Builder invoker(Invoker invoker) {
      this.invoker = invoker;
      return this;
    }

    /** Prices to charge with (default: the bundled catalog, updated from fiso.prices). */
    public Builder prices(LivePriceBook prices) {
      this.prices = prices;
      return this;
    }

    /** Whether to follow fiso.prices (default true). */
    public Builder followPrices(boolean follow) {
      this.followPrices = follow;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Names this process's clients (default: random). */
    public Builder instanceId(String id) {
      this.instanceId = id;
      return this;
    }

    /**
     * Validates the settings, makes a new share group start at the earliest offset, and starts the
     * consumer threads.
     *
     * @throws IllegalArgumentException naming what is missing or inconsistent
     * @throws IllegalStateException when the cluster cannot be configured
     */
    public WorkerGroup start() {
      if (kafka == null || !kafka.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
        throw new IllegalArgumentException(
            "worker group "
                + settings.groupId()
                + ": Kafka settings need bootstrap.servers (FISO_BOOTSTRAP_SERVERS)");
      }
      ShareGroups.checkClientSettings(kafka);
      Objects.requireNonNull(
          registry, "registry: the schema registry client (FISO_SCHEMA_REGISTRY_URL)");
      Objects.requireNonNull(invoker, "invoker: the " + settings.provider() + " invoker");
      if (invoker.provider() != settings.provider()) {
        throw new IllegalArgumentException(
            "the invoker calls "
                + invoker.provider()
                + " but the workers consume "
                + topics.routed(settings.provider()).name());
      }
      if (!settings.ordered()) {
        try (Admin admin = Admin.create(kafka)) {
          ShareGroups.configure(admin, settings.groupId());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "interrupted while configuring share group " + settings.groupId(), e);
        }
      }
      WorkerGroup group = new WorkerGroup(this);
      group.startThreads();
      return group;
    }
  }
}
