package io.fiso.router;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.topic.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the router is configured with, validated when it is made: every problem is reported at
 * once, naming the setting and how to fix it. {@link RouterTopology#build} turns it into a
 * topology; {@link RouterApp} runs it.
 *
 * @param applicationId Kafka Streams application id ({@code router.application.id}); also the
 *     consumer group and the transactional id prefix
 * @param topics the topic catalog (a prefixed copy isolates tests or deployments)
 * @param registry the schema registry the serdes use
 * @param autoRegisterSchemas whether output schemas are registered on first use ({@code
 *     schema.registry.auto.register.schemas}); off, they must already be registered
 * @param processingGuarantee {@code router.processing.guarantee}
 * @param commitInterval {@code router.commit.interval}: how often offsets and (exactly-once)
 *     transactions commit; under exactly-once, downstream read_committed consumers see routed
 *     records only after the commit, so this bounds the added latency
 * @param linger {@code router.linger}: how long the producer waits to batch records; null = the
 *     default for the processing guarantee ({@link #defaultLinger})
 * @param maxPayloadBytes {@code router.max.payload.bytes}: larger payloads are rejected
 * @param defaultExpectedDuration {@code router.default.duration}: the duration assumed for cost
 *     predictions when nothing has been measured for a function
 * @param bundledPrices {@code router.bundled.prices}: price targets from the catalog bundled with
 *     FISO when fiso.prices has no sheet for them
 * @param streamThreads {@code router.stream.threads}
 * @param stateDir {@code router.state.dir}; null = Kafka Streams' default
 * @param kafka Kafka client settings ({@code bootstrap.servers}, security, any {@code kafka.*}
 *     setting), applied to every client of the application; may be empty for {@link
 *     RouterTopology#build} alone
 */
public record RouterConfig(
    String applicationId,
    TopicCatalog topics,
    SchemaRegistryClient registry,
    boolean autoRegisterSchemas,
    ProcessingGuarantee processingGuarantee,
    Duration commitInterval,
    Duration linger,
    int maxPayloadBytes,
    Duration defaultExpectedDuration,
    boolean bundledPrices,
    int streamThreads,
    Path stateDir,
    Map<String, Object> kafka) {

  public static final String APPLICATION_ID = "router.application.id";
  public static final String TOPIC_PREFIX = TopicCatalog.PREFIX_SETTING;
  public static final String AUTO_REGISTER = "schema.registry.auto.register.schemas";
  public static final String PROCESSING_GUARANTEE = "router.processing.guarantee";
  public static final String COMMIT_INTERVAL = "router.commit.interval";
  public static final String LINGER = "router.linger";
  public static final String MAX_PAYLOAD_BYTES = "router.max.payload.bytes";
  public static final String DEFAULT_DURATION = "router.default.duration";
  public static final String BUNDLED_PRICES = "router.bundled.prices";
  public static final String STREAM_THREADS = "router.stream.threads";
  public static final String STATE_DIR = "router.state.dir";

  public static final String DEFAULT_APPLICATION_ID = "fiso-router";
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  /**
   * The linger under exactly-once: every commit flushes the producer and nothing is visible before
   * it, so waiting a few milliseconds for fuller batches costs no latency.
   */
  public static final Duration DEFAULT_EOS_LINGER = Duration.ofMillis(5);

  /**
   * The linger under at-least-once: a routed record is visible as soon as it is written, so every
   * millisecond of linger is added to every invocation on a quiet router (5 ms made request → call
   * started 10 ms instead of 4 under {@code fiso dev}). With none, though, a busy router sends a
   * produce request for every few records: in the router benchmark 0 ms cost 27-29% more CPU per
   * record than 1 ms (producer I/O and the broker's request handling doubled), and under the
   * pipeline benchmark's load the added latency at 300 invocations/s was twice as high (p50 54
   * against 24 ms, p99 158 against 71 ms). One millisecond keeps both.
   */
  public static final Duration DEFAULT_ALOS_LINGER = Duration.ofMillis(1);

  /**
   * 512 KiB: a routed record carries the payload plus the decision (a few KB), and must stay below
   * the producer's {@code max.request.size} and the broker's {@code message.max.bytes} (1 MiB by
   * default).
   */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 512 * 1024;

  /** 100 ms: one billing unit on Azure and Google; the pricing module's default too. */
  public static final Duration DEFAULT_EXPECTED_DURATION = Duration.ofMillis(100);

  /** Room a routed record needs beyond its payload (request fields and the decision record). */
  static final int ENVELOPE_BYTES = 64 * 1024;

  /**
   * Kafka Streams sets the producer's {@code transaction.timeout.ms} to 10 s under exactly-once; a
   * transaction open longer than that is aborted.
   */
  static final long STREAMS_EOS_TRANSACTION_TIMEOUT_MS = 10_000;

  /** The two processing guarantees the router supports. */
  public enum ProcessingGuarantee {
    /** Each invocation is routed exactly once (transactions; the default). */
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    /** Lower latency; after a crash an invocation may be routed twice. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String streamsValue;

    ProcessingGuarantee(String streamsValue) {
      this.streamsValue = streamsValue;
    }

    /** The {@code processing.guarantee} value. */
    public String streamsValue() {
      return streamsValue;
    }
  }

  public RouterConfig {
    kafka = Map.copyOf(kafka == null ? Map.of() : kafka);
    List<String> problems = new ArrayList<>();
    check(problems, applicationId != null && !applicationId.isBlank(), APPLICATION_ID, "is blank");
    check(problems, topics != null, "topics", "the topic catalog is missing");
    check(problems, registry != null, "schema.registry.url", "no schema registry client");
    check(problems, processingGuarantee != null, PROCESSING_GUARANTEE, "is missing");
    check(
        problems,
        commitInterval != null && !commitInterval.isNegative() && !commitInterval.isZero(),
        COMMIT_INTERVAL,
        "must be a positive duration such as 100ms");
    check(
        problems,
        linger == null || (!linger.isNegative() && linger.toMillis() <= Integer.MAX_VALUE),
        LINGER,
        "must be a duration of 0ms or more, such as 5ms");
    check(
        problems,
        maxPayloadBytes > 0,
        MAX_PAYLOAD_BYTES,
        "must be a positive number of bytes, was " + maxPayloadBytes);
    check(
        problems,
        defaultExpectedDuration != null
            && !defaultExpectedDuration.isNegative()
            && !defaultExpectedDuration.isZero(),
        DEFAULT_DURATION,
        "must be a positive duration such as 100ms");
    check(
        problems,
        streamThreads >= 1 && streamThreads <= 64,
        STREAM_THREADS,
        "must be between 1 and 64, was " + streamThreads);
    if (processingGuarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 && commitInterval != null) {
      long timeout = transactionTimeoutMs(kafka);
      check(
          problems,
          commitInterval.toMillis() < timeout,
          COMMIT_INTERVAL,
          commitInterval.toMillis()
              + " ms is not shorter than the transaction timeout ("
              + timeout
              + " ms) under exactly_once_v2: every transaction would be aborted. Lower "
              + COMMIT_INTERVAL
              + " or raise kafka.producer.transaction.timeout.ms");
    }
    if (maxPayloadBytes > 0) {
      long maxRequest = maxRequestSize(kafka);
      check(
          problems,
          maxPayloadBytes + (long) ENVELOPE_BYTES <= maxRequest,
          MAX_PAYLOAD_BYTES,
          maxPayloadBytes
              + " leaves no room for the routed record around the payload: the producer's"
              + " max.request.size is "
              + maxRequest
              + " bytes and the envelope needs up to "
              + ENVELOPE_BYTES
              + ". Lower it, or raise kafka.max.request.size (and the broker's message.max.bytes)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid router configuration:"
              + System.lineSeparator()
              + "  - "
              + String.join(System.lineSeparator() + "  - ", problems));
    }
  }

  /** The decision's own limits: the payload limit and the duration assumed when none is known. */
  public io.fiso.router.decision.Router.Settings routerSettings() {
    return new io.fiso.router.decision.Router.Settings(
        maxPayloadBytes(), defaultExpectedDuration().toNanos() / 1e6);
  }

  /** The producer's linger: {@code router.linger} if set, else the guarantee's default. */
  @Override
  public Duration linger() {
    return linger != null ? linger : defaultLinger(processingGuarantee);
  }

  /** The linger used when {@code router.linger} is not set. */
  public static Duration defaultLinger(ProcessingGuarantee guarantee) {
    return guarantee == ProcessingGuarantee.AT_LEAST_ONCE
        ? DEFAULT_ALOS_LINGER
        : DEFAULT_EOS_LINGER;
  }

  /** The defaults, with the contract's topic names, for {@code registry}. */
  public static RouterConfig defaults(SchemaRegistryClient registry) {
    return new RouterConfig(
        DEFAULT_APPLICATION_ID,
        TopicCatalog.DEFAULT,
        registry,
        true,
        ProcessingGuarantee.EXACTLY_ONCE_V2,
        DEFAULT_COMMIT_INTERVAL,
        null,
        DEFAULT_MAX_PAYLOAD_BYTES,
        DEFAULT_EXPECTED_DURATION,
        true,
        1,
        null,
        Map.of());
  }

  /**
   * Reads the router's settings (see the constants; {@code FISO_ROUTER_COMMIT_INTERVAL=250ms} in
   * the environment is {@code router.commit.interval}) and the Kafka client settings. Every problem
   * is reported at once.
   *
   * @throws IllegalArgumentException naming each setting at fault and how to set it
   */
  public static RouterConfig fromSettings(FisoSettings settings, SchemaRegistryClient registry) {
    List<String> problems = new ArrayList<>();
    String appId = read(problems, () -> settings.string(APPLICATION_ID, DEFAULT_APPLICATION_ID));
    String prefix = read(problems, () -> settings.string(TOPIC_PREFIX, ""));
    Boolean autoRegister = read(problems, () -> settings.booleanValue(AUTO_REGISTER, true));
    ProcessingGuarantee guarantee =
        read(
            problems,
            () -> {
              String value = settings.string(PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2);
              for (ProcessingGuarantee g : ProcessingGuarantee.values()) {
                if (g.streamsValue().equalsIgnoreCase(value.trim())
                    || g.name().equalsIgnoreCase(value.trim())) {
                  return g;
                }
              }
              throw new IllegalArgumentException(
                  PROCESSING_GUARANTEE
                      + " is '"
                      + value
                      + "': use exactly_once_v2 or at_least_once; set it with "
                      + settings.howToSet(PROCESSING_GUARANTEE));
            });
    Duration commit =
        read(problems, () -> settings.duration(COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL));
    Duration linger = read(problems, () -> settings.duration(LINGER, null));
    Integer maxPayload =
        read(problems, () -> settings.intValue(MAX_PAYLOAD_BYTES, DEFAULT_MAX_PAYLOAD_BYTES));
    Duration duration =
        read(problems, () -> settings.duration(DEFAULT_DURATION, DEFAULT_EXPECTED_DURATION));
    Boolean bundled = read(problems, () -> settings.booleanValue(BUNDLED_PRICES, true));
    Integer threads = read(problems, () -> settings.intValue(STREAM_THREADS, 1));
    Path stateDir = read(problems, () -> settings.path(STATE_DIR, null));
    Map<String, Object> kafka = read(problems, settings::kafkaClientProperties);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid router configuration:"
              + System.lineSeparator()
              + "  - "
              + String.join(System.lineSeparator() + "  - ", problems));
    }
    TopicCatalog topics = TopicCatalog.prefixed(prefix);
    return new RouterConfig(
        appId,
        topics,
        registry,
        autoRegister,
        guarantee,
        commit,
        linger,
        maxPayload,
        duration,
        bundled,
        threads,
        stateDir,
        kafka);
  }

  public RouterConfig withApplicationId(String value) {
    return copy(c -> c.applicationId = value);
  }

  public RouterConfig withTopics(TopicCatalog value) {
    return copy(c -> c.topics = value);
  }

  public RouterConfig withProcessingGuarantee(ProcessingGuarantee value) {
    return copy(c -> c.processingGuarantee = value);
  }

  public RouterConfig withCommitInterval(Duration value) {
    return copy(c -> c.commitInterval = value);
  }

  public RouterConfig withLinger(Duration value) {
    return copy(c -> c.linger = value);
  }

  public RouterConfig withMaxPayloadBytes(int value) {
    return copy(c -> c.maxPayloadBytes = value);
  }

  public RouterConfig withDefaultExpectedDuration(Duration value) {
    return copy(c -> c.defaultExpectedDuration = value);
  }

  public RouterConfig withBundledPrices(boolean value) {
    return copy(c -> c.bundledPrices = value);
  }

  public RouterConfig withStreamThreads(int value) {
    return copy(c -> c.streamThreads = value);
  }

  public RouterConfig withStateDir(Path value) {
    return copy(c -> c.stateDir = value);
  }

  /** The same configuration with these Kafka client settings (e.g. bootstrap.servers) added. */
  public RouterConfig withKafka(Map<String, ?> settings) {
    Map<String, Object> merged = new LinkedHashMap<>(kafka);
    merged.putAll(settings);
    return copy(c -> c.kafka = merged);
  }

  /** This configuration with what {@code change} sets on a mutable copy (validated again). */
  private RouterConfig copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy of every component, for the {@code withX} methods. */
  private static final class Copy {
    String applicationId;
    TopicCatalog topics;
    SchemaRegistryClient registry;
    boolean autoRegisterSchemas;
    ProcessingGuarantee processingGuarantee;
    Duration commitInterval;
    Duration linger;
    int maxPayloadBytes;
    Duration defaultExpectedDuration;
    boolean bundledPrices;
    int streamThreads;
    Path stateDir;
    Map<String, Object> kafka;

    Copy(RouterConfig r) {
      applicationId = r.applicationId;
      topics = r.topics;
      registry = r.registry;
      autoRegisterSchemas = r.autoRegisterSchemas;
      processingGuarantee = r.processingGuarantee;
      commitInterval = r.commitInterval;
      linger = r.linger;
      maxPayloadBytes = r.maxPayloadBytes;
      defaultExpectedDuration = r.defaultExpectedDuration;
      bundledPrices = r.bundledPrices;
      streamThreads = r.streamThreads;
      stateDir = r.stateDir;
      kafka = r.kafka;
    }

    RouterConfig build() {
      return new RouterConfig(
          applicationId,
          topics,
          registry,
          autoRegisterSchemas,
          processingGuarantee,
          commitInterval,
          linger,
          maxPayloadBytes,
          defaultExpectedDuration,
          bundledPrices,
          streamThreads,
          stateDir,
          kafka);
    }
  }

  private static void check(List<String> problems, boolean ok, String setting, String message) {
    if (!ok) {
      problems.add(setting + ": " + message);
    }
  }

  private static <T> T read(List<String> problems, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private static long transactionTimeoutMs(Map<String, Object> kafka) {
    Object value =
        kafka.getOrDefault(
            StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
            kafka.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    return value == null ? STREAMS_EOS_TRANSACTION_TIMEOUT_MS : parseLong(value, Long.MAX_VALUE);
  }

  private static long maxRequestSize(Map<String, Object> kafka) {
    Object value =
        kafka.getOrDefault(
            StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
            kafka.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    return value == null ? 1024 * 1024 : parseLong(value, Long.MAX_VALUE);
  }

  private static long parseLong(Object value, long fallback) {
    try {
      return Long.parseLong(Objects.toString(value).trim());
    } catch (NumberFormatException e) {
      return fallback; // Kafka's own validation names it when the client starts
    }
  }
}
