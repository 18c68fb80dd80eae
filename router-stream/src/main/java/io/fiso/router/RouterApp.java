package io.fiso.router;

import io.fiso.schemas.AvroTrust;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.config.StaticMembership;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router: builds the {@link RouterTopology}, makes the Kafka Streams {@link Properties}
 * from the {@link RouterConfig}, checks that the topics exist, starts, and stops cleanly.
 *
 * <pre>{@code
 * try (RouterApp app = new RouterApp(config).start()) {
 *   app.awaitRunning(Duration.ofSeconds(60));
 *   app.stopped().join();   // until close() or a fatal error
 * }
 * }</pre>
 *
 * <p>A stream thread that dies of an unexpected exception is replaced, up to {@value
 * #MAX_REPLACEMENTS} times in {@link #REPLACEMENT_WINDOW}; after that the client shuts down and
 * {@link #stopped()} completes exceptionally, so a supervisor can restart the process.
 */
public final class RouterApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RouterApp.class);

  static final int MAX_REPLACEMENTS = 3;
  static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

  private final RouterConfig config;
  private final KafkaStreams streams;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Deque<Instant> replacements = new ArrayDeque<>();
  private volatile Throwable fatal;

  public RouterApp(RouterConfig config) {
    AvroTrust.install();
    this.config = config;
    if (!config.kafka().containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException(
          "bootstrap.servers is not set: pass --bootstrap-servers or set FISO_BOOTSTRAP_SERVERS");
    }
    this.streams = new KafkaStreams(RouterTopology.build(config), streamsProperties(config));
    streams.setUncaughtExceptionHandler(this::onUncaught);
    streams.setStateListener(
        (now, before) -> {
          log.info("Router {} is {} (was {})", config.applicationId(), now, before);
          if (now == KafkaStreams.State.ERROR) {
            stopped.completeExceptionally(
                new IllegalStateException("the router stopped after an error", fatal));
          } else if (now == KafkaStreams.State.NOT_RUNNING) {
            if (fatal != null) {
              stopped.completeExceptionally(
                  new IllegalStateException("the router stopped after an error", fatal));
            } else {
              stopped.complete(null);
            }
          }
        });
  }

  /** The stream thread's poll.ms at most, unless the Kafka settings give one. */
  static final long DEFAULT_POLL_MS = 10;

  /** Producer batch.size of the routed topics, unless the Kafka settings give one. */
  static final int ROUTED_BATCH_BYTES = 128 * 1024;

  private static void defaultProducerSetting(
      Properties props, RouterConfig config, String name, String value) {
    if (!config.kafka().containsKey(name)
        && !config.kafka().containsKey(StreamsConfig.producerPrefix(name))) {
      props.put(StreamsConfig.producerPrefix(name), value);
    }
  }

  /** The Kafka Streams settings the router runs with. */
  public static Properties streamsProperties(RouterConfig config) {
    Properties props = new Properties();
    props.putAll(config.kafka());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee().streamsValue());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    // The global updaters handle every record themselves; this only opts in to the handler
    // (and silences Kafka Streams' recommendation to do so).
    props.put("processing.exception.handler.global.enabled", true);
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
        (int) config.linger().toMillis());
    if (config.stateDir() != null) {
      props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    }
    // A routed record carries its decision (reason, alternatives): several times the request.
    // Kafka's 16 KiB default batch holds a dozen of them; larger batches mean fewer produce
    // requests, and the decisions' repeated text compresses well (lz4: cheap on the CPU), so the
    // broker stores and serves a fraction of the bytes. batch.size or compression.type set in
    // the Kafka settings (plain or producer.-prefixed) win.
    defaultProducerSetting(
        props, config, ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(ROUTED_BATCH_BYTES));
    defaultProducerSetting(props, config, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Every task reads one partition of fiso.invocations (policies, prices, statistics and
    // budgets are global stores), so there is nothing to order across partitions. With the default
    // (0) Kafka Streams still checks before every record, allocating a set each time: ~5% of the
    // stream thread under load (docs/benchmarks.md, What was tried, fifth session).
    if (!config.kafka().containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
      props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }
    // The stream thread commits only between polls, and an idle poll waits poll.ms (Kafka's
    // default 100 ms) for records: an invocation arriving on a quiet router waited for that poll
    // to end before its commit, which under exactly-once is when the workers first see it. A short
    // poll keeps the commit close to commit.interval.ms; an idle poll costs next to nothing.
    if (!config.kafka().containsKey(StreamsConfig.POLL_MS_CONFIG)) {
      props.put(
          StreamsConfig.POLL_MS_CONFIG,
          Math.max(1, Math.min(DEFAULT_POLL_MS, config.commitInterval().toMillis() / 4)));
    }
    return props;
  }

  /**
   * Checks the topics, then starts processing.
   *
   * @throws IllegalStateException when a topic the router reads or writes does not exist, naming
   *     them and how to create them
   */
  public RouterApp start() {
    List<String> missing = missingTopics();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The router cannot start: topics "
              + missing
              + " do not exist. Create them with `fiso topics create` (or"
              + " TopicAdmin.ensureTopics).");
    }
    if (config.processingGuarantee() == RouterConfig.ProcessingGuarantee.EXACTLY_ONCE_V2
        && config.linger().compareTo(config.commitInterval()) >= 0) {
      log.warn(
          "{} ({}) is not shorter than {} ({}): under exactly-once every commit flushes the"
              + " producer, so batches never wait the full linger",
          RouterConfig.LINGER,
          config.linger(),
          RouterConfig.COMMIT_INTERVAL,
          config.commitInterval());
    }
    log.info(
        "Starting router {} ({}, commit interval {}, linger {}, max payload {} bytes)",
        config.applicationId(),
        config.processingGuarantee().streamsValue(),
        config.commitInterval(),
        config.linger(),
        config.maxPayloadBytes());
    streams.start();
    return this;
  }

  /** Whether the router reached RUNNING within {@code timeout}. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The Kafka Streams client (state, metrics). */
  public KafkaStreams streams() {
    return streams;
  }

  /** Completes when the router has stopped: normally after {@link #close}, else exceptionally. */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  public RouterConfig config() {
    return config;
  }

  /** Stops processing, commits, and leaves the group; waits up to 30 s. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Stops within {@code timeout}. The router leaves its consumer group: Kafka Streams otherwise
   * stays a member until its session times out (45 s by default), and a router started again in its
   * place (a restart of {@code fiso dev}, a redeploy of a single instance) got no partitions, so
   * routed nothing, until then.
   */
  public void close(Duration timeout) {
    log.info("Stopping router {}", config.applicationId());
    boolean clean =
        streams.close(
            CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (!clean) {
      log.warn("The router did not stop within {}", timeout);
    }
    stopped.complete(null);
  }

  /** Topics the router reads or writes that do not exist on the cluster. */
  List<String> missingTopics() {
    Map<String, Object> admin = new HashMap<>(config.kafka());
    admin.keySet().removeIf(k -> k.startsWith("producer.") || k.startsWith("consumer."));
    try (Admin client = Admin.create(admin)) {
      Set<String> live = client.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> missing = new ArrayList<>();
      for (TopicSpec<?> spec : usedTopics(config.topics())) {
        if (!live.contains(spec.name())) {
          missing.add(spec.name());
        }
      }
      return missing;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot list topics on "
              + config.kafka().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
              + " (bootstrap.servers): "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()),
          e);
    }
  }

  /** The topics the router reads or writes. */
  public static List<TopicSpec<?>> usedTopics(TopicCatalog topics) {
    return List.of(
        topics.invocations(),
        topics.policies(),
        topics.prices(),
        topics.providerStats(),
        topics.budgetStatus(),
        topics.routedAws(),
        topics.routedAzure(),
        topics.routedGcp(),
        topics.results(),
        topics.deadLetter());
  }

  /** Stream threads replaced after a failure in the last {@code REPLACEMENT_WINDOW} (tests). */
  synchronized int threadReplacements() {
    return replacements.size();
  }

  private synchronized StreamThreadExceptionResponse onUncaught(Throwable error) {
    if (StaticMembership.fenced(error)) {
      fatal = error;
      log.error(
          StaticMembership.fencedMessage(
              "router", config.kafka().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)),
          error);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    Instant now = Instant.now();
    while (!replacements.isEmpty()
        && replacements.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
      replacements.removeFirst();
    }
    if (replacements.size() < MAX_REPLACEMENTS) {
      replacements.addLast(now);
      log.error(
          "A router stream thread failed; replacing it ({} of {} allowed in {})",
          replacements.size(),
          MAX_REPLACEMENTS,
          REPLACEMENT_WINDOW,
          error);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    fatal = error;
    log.error(
        "A router stream thread failed again ({} replacements in {}): shutting the router down",
        MAX_REPLACEMENTS,
        REPLACEMENT_WINDOW,
        error);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /**
   * Runs the router from the environment ({@code FISO_BOOTSTRAP_SERVERS}, {@code
   * FISO_SCHEMA_REGISTRY_URL}, {@code FISO_ROUTER_*}) until the process is stopped.
   */
  public static void main(String[] args) throws Exception {
    FisoSettings settings = FisoSettings.fromEnvironment();
    System.exit(run(settings));
  }

  /** Starts the router and blocks until it stops; returns the process exit code. */
  public static int run(FisoSettings settings) throws InterruptedException {
    return run(settings, app -> {});
  }

  /** As {@link #run(FisoSettings)}, handing the started app to {@code started} (health checks). */
  public static int run(FisoSettings settings, java.util.function.Consumer<RouterApp> started)
      throws InterruptedException {
    SchemaRegistryClient registry = SchemaRegistryClients.fromSettings(settings);
    RouterConfig config = RouterConfig.fromSettings(settings, registry);
    RouterApp app = new RouterApp(config);
    Thread hook = new Thread(app::close, "fiso-router-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    app.start();
    started.accept(app);
    try {
      app.stopped().get();
      return 0;
    } catch (ExecutionException e) {
      log.error("The router stopped: {}", e.getCause().getMessage());
      return 1;
    }
  }
}
