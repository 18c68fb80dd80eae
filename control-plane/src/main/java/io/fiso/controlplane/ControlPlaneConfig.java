package io.fiso.controlplane;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.config.Secrets;
import io.fiso.schemas.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the control plane is configured with, validated when built. Build it with {@link
 * #builder()} (in-process, e.g. {@code fiso dev}) or {@link #fromEnvironment(Map)} ({@code fiso
 * control-plane}); both end in the same checks, whose messages name the setting at fault.
 *
 * @param bindAddress address the HTTP server listens on ({@code 0.0.0.0} = every interface)
 * @param port HTTP port; 0 picks a free one (tests)
 * @param defaultFunction function orchestrated when a request names none (the seed's plain {@code
 *     curl -X POST .../orchestrate}); with the {@code *} default policy any name routes
 * @param defaultTimeout how long a sync orchestrate waits for the result when the request gives no
 *     {@code timeout}
 * @param maxTimeout the longest {@code timeout} a request may ask for
 * @param maxRequestBytes largest request body accepted; larger bodies get 413
 * @param tokens bearer tokens and their scopes; none = authentication off (development)
 * @param httpThreads threads serving requests (a sync orchestrate holds one while it waits)
 * @param httpQueueCapacity requests queued when every thread is busy; beyond it connections close
 * @param resultsCacheSize recent results kept for {@code GET /api/v1/invocations/{id}}
 * @param kafka Kafka client settings (bootstrap.servers and any pass-through setting such as
 *     security.protocol or sasl.*) shared by the control plane's producer, consumers and admin
 */
public record ControlPlaneConfig(
    String bindAddress,
    int port,
    String defaultFunction,
    Duration defaultTimeout,
    Duration maxTimeout,
    long maxRequestBytes,
    ApiTokens tokens,
    int httpThreads,
    int httpQueueCapacity,
    int resultsCacheSize,
    Map<String, String> kafka) {

  /**
   * Setting keys read by {@link #from(FisoSettings)}. Each is also an environment variable ({@code
   * control.plane.port} is {@code FISO_CONTROL_PLANE_PORT}) and a line of the properties file.
   */
  public static final String PORT = "control.plane.port";

  public static final String BIND_ADDRESS = "control.plane.bind.address";
  public static final String DEFAULT_FUNCTION_KEY = "default.function";
  public static final String TIMEOUT = "orchestrate.timeout";
  public static final String MAX_TIMEOUT = "orchestrate.max.timeout";
  public static final String MAX_REQUEST_BYTES = "max.request.bytes";
  public static final String API_TOKENS = "api.tokens";
  public static final String API_TOKENS_FILE = "api.tokens.file";
  public static final String HTTP_THREADS = "http.threads";
  public static final String HTTP_QUEUE = "http.queue.capacity";
  public static final String RESULTS_CACHE = "results.cache.size";

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_FUNCTION = "fiso-sample";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(5);

  /** 6 MiB: AWS Lambda's limit for a synchronous invocation's payload. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 6L * 1024 * 1024;

  public static final int DEFAULT_HTTP_THREADS = 64;
  public static final int DEFAULT_HTTP_QUEUE = 256;
  public static final int DEFAULT_RESULTS_CACHE = 10_000;
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

  public ControlPlaneConfig {
    Objects.requireNonNull(tokens, "tokens");
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress.trim();
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          env(PORT) + " (--port) is " + port + ": use 1 to 65535, or 0 for any free port");
    }
    String problem = FunctionNames.problem(defaultFunction);
    if (problem != null) {
      throw new IllegalArgumentException(
          env(DEFAULT_FUNCTION_KEY) + " (--default-function): " + problem);
    }
    requirePositive(defaultTimeout, env(TIMEOUT));
    requirePositive(maxTimeout, env(MAX_TIMEOUT));
    if (defaultTimeout.compareTo(maxTimeout) > 0) {
      throw new IllegalArgumentException(
          env(TIMEOUT)
              + " ("
              + defaultTimeout
              + ") is longer than "
              + env(MAX_TIMEOUT)
              + " ("
              + maxTimeout
              + "): lower the first or raise the second");
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException(
          env(MAX_REQUEST_BYTES) + " is " + maxRequestBytes + ": use a positive size, e.g. 6MiB");
    }
    if (httpThreads < 2) {
      throw new IllegalArgumentException(
          env(HTTP_THREADS) + " is " + httpThreads + ": use 2 or more (default 64)");
    }
    if (httpQueueCapacity < 1) {
      throw new IllegalArgumentException(
          env(HTTP_QUEUE) + " is " + httpQueueCapacity + ": use 1 or more (default 256)");
    }
    if (resultsCacheSize < 1) {
      throw new IllegalArgumentException(
          env(RESULTS_CACHE) + " is " + resultsCacheSize + ": use 1 or more (default 10000)");
    }
    Objects.requireNonNull(kafka, "kafka");
    String bootstrap = kafka.get("bootstrap.servers");
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          env(FisoSettings.BOOTSTRAP_SERVERS)
              + " (--bootstrap-servers) is not set: name the Kafka brokers, e.g. localhost:9092");
    }
    kafka = Map.copyOf(kafka);
  }

  private static void requirePositive(Duration value, String setting) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          setting + " is " + value + ": use a positive duration, e.g. 30s");
    }
  }

  /**
   * Sync orchestrations allowed to wait at once: every HTTP thread but a few, so health checks and
   * metrics are still served while all others wait for results.
   */
  public int maxConcurrentSync() {
    return Math.max(1, httpThreads - Math.min(4, httpThreads / 2));
  }

  /** Defaults: port 8080, function fiso-sample, 30 s timeout, 6 MiB, no tokens. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bindAddress = bindAddress;
    b.port = port;
    b.defaultFunction = defaultFunction;
    b.defaultTimeout = defaultTimeout;
    b.maxTimeout = maxTimeout;
    b.maxRequestBytes = maxRequestBytes;
    b.tokens = tokens;
    b.httpThreads = httpThreads;
    b.httpQueueCapacity = httpQueueCapacity;
    b.resultsCacheSize = resultsCacheSize;
    b.kafka = new TreeMap<>(kafka);
    return b;
  }

  /**
   * Reads the control plane's settings (keys are the constants of this class, Kafka client settings
   * are {@link FisoSettings#kafkaClientProperties()}) from flags, {@code FISO_*} environment
   * variables, the properties file and defaults, in that order of precedence.
   */
  public static ControlPlaneConfig from(FisoSettings settings) {
    Builder b = builder();
    b.port(settings.intValue(PORT, DEFAULT_PORT));
    b.bindAddress(settings.string(BIND_ADDRESS, "0.0.0.0"));
    b.defaultFunction(settings.string(DEFAULT_FUNCTION_KEY, DEFAULT_FUNCTION).trim());
    b.defaultTimeout(settings.duration(TIMEOUT, DEFAULT_TIMEOUT));
    b.maxTimeout(settings.duration(MAX_TIMEOUT, DEFAULT_MAX_TIMEOUT));
    Optional<Setting> size = settings.setting(MAX_REQUEST_BYTES);
    if (size.isPresent()) {
      b.maxRequestBytes(
          Settings.bytes(
              size.get().value(),
              MAX_REQUEST_BYTES + " (from " + size.get().describeOrigin() + ")"));
    }
    Optional<Setting> inline = settings.setting(API_TOKENS).filter(s -> !s.value().isBlank());
    Optional<Setting> file = settings.setting(API_TOKENS_FILE).filter(s -> !s.value().isBlank());
    if (inline.isPresent() && file.isPresent()) {
      throw new IllegalArgumentException(
          API_TOKENS
              + " (from "
              + inline.get().describeOrigin()
              + ") and "
              + API_TOKENS_FILE
              + " (from "
              + file.get().describeOrigin()
              + ") are both set: keep one");
    }
    inline.ifPresent(s -> b.tokens(ApiTokens.parse(s.value(), s.describeOrigin())));
    file.ifPresent(s -> b.tokens(ApiTokens.fromFile(Path.of(s.value().trim()))));
    b.httpThreads(settings.intValue(HTTP_THREADS, DEFAULT_HTTP_THREADS));
    b.httpQueueCapacity(settings.intValue(HTTP_QUEUE, DEFAULT_HTTP_QUEUE));
    b.resultsCacheSize(settings.intValue(RESULTS_CACHE, DEFAULT_RESULTS_CACHE));
    settings.kafkaClientProperties().forEach((k, v) -> b.kafkaSetting(k, String.valueOf(v)));
    return b.build();
  }

  /** Reads {@code env} as the environment (and the file it names with FISO_CONFIG_FILE). */
  public static ControlPlaneConfig fromEnvironment(Map<String, String> env) {
    return from(FisoSettings.builder().environment(env).build());
  }

  private static String env(String key) {
    return FisoSettings.envName(key);
  }

  /** Kafka settings with secrets (passwords, JAAS, keys) hidden, for logs. */
  public Map<String, String> kafkaForLogs() {
    Map<String, String> shown = new TreeMap<>();
    kafka.forEach((k, v) -> shown.put(k, Secrets.printable(k, v)));
    return shown;
  }

  @Override
  public String toString() {
    return "ControlPlaneConfig[bind="
        + bindAddress
        + ":"
        + port
        + ", defaultFunction="
        + defaultFunction
        + ", defaultTimeout="
        + defaultTimeout
        + ", maxTimeout="
        + maxTimeout
        + ", maxRequestBytes="
        + maxRequestBytes
        + ", tokens="
        + tokens
        + ", httpThreads="
        + httpThreads
        + ", httpQueueCapacity="
        + httpQueueCapacity
        + ", resultsCacheSize="
        + resultsCacheSize
        + ", kafka="
        + kafkaForLogs()
        + "]";
  }

  /** Mutable staging for a {@link ControlPlaneConfig}; {@link #build()} validates. */
  public static final class Builder {
    private String bindAddress = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private String defaultFunction = DEFAULT_FUNCTION;
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private Duration maxTimeout = DEFAULT_MAX_TIMEOUT;
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private ApiTokens tokens = ApiTokens.none();
    private int httpThreads = DEFAULT_HTTP_THREADS;
    private int httpQueueCapacity = DEFAULT_HTTP_QUEUE;
    private int resultsCacheSize = DEFAULT_RESULTS_CACHE;
    private Map<String, String> kafka =
        new TreeMap<>(Map.of("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS));

    private Builder() {}

    public Builder bindAddress(String value) {
      bindAddress = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder defaultFunction(String value) {
      defaultFunction = value;
      return this;
    }

    public Builder defaultTimeout(Duration value) {
      defaultTimeout = value;
      return this;
    }

    public Builder maxTimeout(Duration value) {
      maxTimeout = value;
      return this;
    }

    public Builder maxRequestBytes(long value) {
      maxRequestBytes = value;
      return this;
    }

    public Builder tokens(ApiTokens value) {
      tokens = value;
      return this;
    }

    public Builder httpThreads(int value) {
      httpThreads = value;
      return this;
    }

    public Builder httpQueueCapacity(int value) {
      httpQueueCapacity = value;
      return this;
    }

    public Builder resultsCacheSize(int value) {
      resultsCacheSize = value;
      return this;
    }

    /** Sets {@code bootstrap.servers}. */
    public Builder bootstrapServers(String value) {
      return kafkaSetting("bootstrap.servers", value);
    }

    /** Adds or replaces one Kafka client setting. */
    public Builder kafkaSetting(String key, String value) {
      kafka.put(key, value);
      return this;
    }

    /** Adds or replaces several Kafka client settings. */
    public Builder kafkaSettings(Map<String, String> values) {
      kafka.putAll(values);
      return this;
    }

    public ControlPlaneConfig build() {
      return new ControlPlaneConfig(
          bindAddress,
          port,
          defaultFunction,
          defaultTimeout,
          maxTimeout,
          maxRequestBytes,
          tokens,
          httpThreads,
          httpQueueCapacity,
          resultsCacheSize,
          kafka);
    }
  }
}
