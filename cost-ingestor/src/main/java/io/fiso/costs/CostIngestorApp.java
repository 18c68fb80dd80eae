package io.fiso.costs;

import io.fiso.costs.rollup.CostRollupQueries;
import io.fiso.costs.stats.ProviderStatsQueries;
import io.fiso.pricing.PriceBook;
import io.fiso.schemas.config.StaticMembership;
import io.fiso.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cost-ingestor: the topology of {@link CostIngestorTopology} in a {@link KafkaStreams}
 * with FISO's settings and an uncaught exception handler. Poison records never reach the handler
 * (they are dead-lettered); what does is a failure of the platform (broker, registry): the thread
 * is replaced up to {@link #MAX_THREAD_REPLACEMENTS} times in {@link #REPLACEMENT_WINDOW}, then the
 * instance shuts down so that an orchestrator restarts it.
 */
public final class CostIngestorApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CostIngestorApp.class);

  public static final int MAX_THREAD_REPLACEMENTS = 3;
  public static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

  private final KafkaStreams streams;

  /** group.instance.id, when static membership is on (for the message when it is fenced). */
  private final Object instanceId;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Deque<Long> replacements = new ArrayDeque<>();

  private CostIngestorApp(KafkaStreams streams, Object instanceId) {
    this.streams = streams;
    this.instanceId = instanceId;
  }

  /** The Kafka Streams settings of {@code config}; pass-through settings win. */
  public static Properties streamsProperties(CostIngestorConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    // fiso.costs is read as bytes and dead-lettered by the topology; this handler only sees
    // undecodable price sheets and policies in the global tables, which are logged and skipped.
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    // Every task of this topology reads one partition (the joins are with global tables), so
    // there is nothing to wait for across partitions. With the default (0), Kafka Streams still
    // checks, and formats a log message for every empty partition, in every loop: ~4% of the
    // stream thread's time under load (docs/benchmarks.md, "Cost-ingestor").
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    if (config.stateDir() != null) {
      p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    }
    p.putAll(config.kafka());
    return p;
  }

  /** Builds and starts the cost-ingestor. */
  public static CostIngestorApp start(
      CostIngestorConfig config, SchemaRegistryClient registry, boolean autoRegister) {
    CostIngestorTopics topics = CostIngestorTopics.bind(config.topics(), registry, autoRegister);
    Topology topology = CostIngestorTopology.build(config, topics, PriceBook.bundled());
    log.info(
        "Starting cost-ingestor {} on {}: reading {}, stats half-life {}, guarantee {}",
        config.applicationId(),
        config.bootstrapServers(),
        config.topics().costs().name(),
        config.stats().halfLife(),
        config.processingGuarantee());
    KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config));
    CostIngestorApp app =
        new CostIngestorApp(streams, config.kafka().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    streams.setUncaughtExceptionHandler(app::onUncaught);
    streams.setStateListener(
        (now, before) -> {
          log.info("cost-ingestor state {} -> {}", before, now);
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            app.stopped.countDown();
          }
        });
    streams.start();
    return app;
  }

  /** Stream threads replaced after a failure in the last {@code REPLACEMENT_WINDOW}. */
  public synchronized int threadReplacements() {
    return replacements.size();
  }

  private synchronized StreamThreadExceptionResponse onUncaught(Throwable e) {
    if (StaticMembership.fenced(e)) {
      log.error(StaticMembership.fencedMessage("cost-ingestor", instanceId), e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = System.currentTimeMillis();
    while (!replacements.isEmpty()
        && now - replacements.peekFirst() > REPLACEMENT_WINDOW.toMillis()) {
      replacements.removeFirst();
    }
    if (replacements.size() < MAX_THREAD_REPLACEMENTS) {
      replacements.addLast(now);
      log.error(
          "cost-ingestor stream thread failed ({} of {} replacements in {}): replacing it",
          replacements.size(),
          MAX_THREAD_REPLACEMENTS,
          REPLACEMENT_WINDOW,
          e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    log.error(
        "cost-ingestor stream thread failed again after {} replacements in {}: shutting down",
        MAX_THREAD_REPLACEMENTS,
        REPLACEMENT_WINDOW,
        e);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** Interactive queries on the rollup windows this instance hosts. */
  public CostRollupQueries rollups() {
    return CostRollupQueries.of(streams);
  }

  /** Interactive queries on the provider statistics this instance hosts. */
  public ProviderStatsQueries providerStats() {
    return ProviderStatsQueries.of(streams);
  }

  /** Blocks until the application stops (closed, or shut down after repeated failures). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Waits up to {@code timeout} for the application to stop. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops within 30 s and leaves the consumer group: Kafka Streams otherwise stays a member until
   * its session times out (45 s by default), and an instance started again in its place got no
   * partitions until then ({@code fiso dev} was ready 49 s after a restart instead of 9).
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    stopped.countDown();
  }
}
