package io.fiso.workers;

import io.fiso.avro.Provider;
import io.fiso.workers.resilience.Backoff;
import io.fiso.workers.resilience.CircuitBreaker;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one provider's worker group runs: consumption, concurrency, timeouts, retries, failover and
 * the circuit breaker. Built from environment variables by {@link #fromEnv} (every setting has a
 * default), validated on construction with messages that name the setting.
 *
 * @param provider the cloud whose routed topic this group consumes
 * @param groupId the share group (or, ordered, consumer group) id
 * @param ordered consume with a classic consumer group, in order per key, instead of a share group
 * @param consumers consumer threads in this process
 * @param maxPollRecords records fetched per poll per consumer
 * @param concurrency calls in flight to the provider from this process, all functions together
 * @param functionConcurrency calls in flight per function, unless {@code functionLimits} says else
 * @param functionLimits per-function limits (reserved concurrency)
 * @param callTimeout longest a single call may take (also bounded by the request's deadline)
 * @param callsPerProvider calls to the provider per delivery before it counts as unavailable (first
 *     call plus retries of throttling and transient errors)
 * @param backoff wait between those calls (full jitter)
 * @param maxDeliveries deliveries of one record before a FAILED result and a dead letter; keep it
 *     at most the broker's group.share.delivery.count.limit (default 5)
 * @param maxHops providers one invocation may go through (failovers + 1)
 * @param breaker circuit breaker of the provider
 * @param shutdownGrace how long a graceful shutdown waits for calls in flight before releasing them
 */
public record WorkerSettings(
    Provider provider,
    String groupId,
    boolean ordered,
    int consumers,
    int maxPollRecords,
    int concurrency,
    int functionConcurrency,
    Map<String, Integer> functionLimits,
    Duration callTimeout,
    int callsPerProvider,
    Backoff backoff,
    int maxDeliveries,
    int maxHops,
    CircuitBreaker.Settings breaker,
    Duration shutdownGrace) {

  /** AWS Lambda's default account limit of concurrent executions. */
  public static final int DEFAULT_CONCURRENCY = 1000;

  public WorkerSettings {
    Objects.requireNonNull(provider, "provider");
    requireText(groupId, "FISO_WORKER_GROUP_ID");
    atLeast(consumers, 1, "FISO_WORKER_CONSUMERS");
    atLeast(maxPollRecords, 1, "FISO_WORKER_MAX_POLL_RECORDS");
    atLeast(concurrency, 1, "FISO_WORKER_CONCURRENCY");
    atLeast(functionConcurrency, 1, "FISO_WORKER_FUNCTION_CONCURRENCY");
    functionLimits = Map.copyOf(functionLimits);
    functionLimits.forEach((f, l) -> atLeast(l, 1, "FISO_WORKER_FUNCTION_LIMITS (" + f + ")"));
    positive(callTimeout, "FISO_WORKER_CALL_TIMEOUT");
    atLeast(callsPerProvider, 1, "FISO_WORKER_CALLS_PER_PROVIDER");
    Objects.requireNonNull(backoff, "backoff");
    atLeast(maxDeliveries, 1, "FISO_WORKER_MAX_DELIVERIES");
    atLeast(maxHops, 1, "FISO_WORKER_MAX_HOPS");
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException(
          "FISO_WORKER_SHUTDOWN_GRACE must be >= 0, was " + shutdownGrace);
    }
  }

  /** The defaults for {@code provider}. */
  public static WorkerSettings defaults(Provider provider) {
    return fromEnv(provider, Map.of());
  }

  /** The default group id of a provider's workers: {@code fiso-workers-aws}, ... */
  public static String defaultGroupId(Provider provider, boolean ordered) {
    return "fiso-workers-" + provider.name().toLowerCase(Locale.ROOT) + (ordered ? "-ordered" : "");
  }

  /**
   * Settings from environment variables (see docs/workers.md). Unknown variables are ignored.
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static WorkerSettings fromEnv(Provider provider, Map<String, String> env) {
    boolean ordered = bool(env, "FISO_WORKER_ORDERED", false);
    int concurrency = integer(env, "FISO_WORKER_CONCURRENCY", DEFAULT_CONCURRENCY);
    return new WorkerSettings(
        provider,
        env.getOrDefault("FISO_WORKER_GROUP_ID", defaultGroupId(provider, ordered)),
        ordered,
        integer(env, "FISO_WORKER_CONSUMERS", 4),
        integer(env, "FISO_WORKER_MAX_POLL_RECORDS", 250),
        concurrency,
        integer(env, "FISO_WORKER_FUNCTION_CONCURRENCY", concurrency),
        limits(env.get("FISO_WORKER_FUNCTION_LIMITS")),
        duration(env, "FISO_WORKER_CALL_TIMEOUT", Duration.ofMinutes(5)),
        integer(env, "FISO_WORKER_CALLS_PER_PROVIDER", 4),
        new Backoff(
            duration(env, "FISO_WORKER_BACKOFF_BASE", Duration.ofMillis(100)),
            duration(env, "FISO_WORKER_BACKOFF_MAX", Duration.ofSeconds(5))),
        integer(env, "FISO_WORKER_MAX_DELIVERIES", 5),
        integer(env, "FISO_WORKER_MAX_HOPS", 3),
        new CircuitBreaker.Settings(
            integer(env, "FISO_WORKER_BREAKER_WINDOW", 20),
            integer(env, "FISO_WORKER_BREAKER_MIN_CALLS", 10),
            decimal(env, "FISO_WORKER_BREAKER_FAILURE_RATE", 0.5),
            duration(env, "FISO_WORKER_BREAKER_OPEN", Duration.ofSeconds(30)),
            integer(env, "FISO_WORKER_BREAKER_TRIAL_CALLS", 3)),
        duration(env, "FISO_WORKER_SHUTDOWN_GRACE", Duration.ofSeconds(30)));
  }

  /** The stage name in dead letters: worker-aws, worker-azure, worker-gcp. */
  public String stage() {
    return "worker-" + provider.name().toLowerCase(Locale.ROOT);
  }

  public WorkerSettings withGroupId(String id) {
    return copy(c -> c.groupId = id);
  }

  public WorkerSettings withOrdered(boolean value) {
    return copy(c -> c.ordered = value);
  }

  public WorkerSettings withConcurrency(int providerLimit, int perFunction) {
    return copy(
        c -> {
          c.concurrency = providerLimit;
          c.functionConcurrency = perFunction;
        });
  }

  public WorkerSettings withCallTimeout(Duration timeout) {
    return copy(c -> c.callTimeout = timeout);
  }

  public WorkerSettings withRetries(int calls, Backoff backoffPolicy) {
    return copy(
        c -> {
          c.callsPerProvider = calls;
          c.backoff = backoffPolicy;
        });
  }

  public WorkerSettings withConsumers(int count, int pollRecords) {
    return copy(
        c -> {
          c.consumers = count;
          c.maxPollRecords = pollRecords;
        });
  }

  public WorkerSettings withBreaker(CircuitBreaker.Settings settings) {
    return copy(c -> c.breaker = settings);
  }

  public WorkerSettings withShutdownGrace(Duration grace) {
    return copy(c -> c.shutdownGrace = grace);
  }

  /** These settings with what {@code change} sets on a mutable copy (validated again). */
  private WorkerSettings copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy of every component, for the {@code withX} methods. */
  private static final class Copy {
    Provider provider;
    String groupId;
    boolean ordered;
    int consumers;
    int maxPollRecords;
    int concurrency;
    int functionConcurrency;
    Map<String, Integer> functionLimits;
    Duration callTimeout;
    int callsPerProvider;
    Backoff backoff;
    int maxDeliveries;
    int maxHops;
    CircuitBreaker.Settings breaker;
    Duration shutdownGrace;

    Copy(WorkerSettings s) {
      provider = s.provider;
      groupId = s.groupId;
      ordered = s.ordered;
      consumers = s.consumers;
      maxPollRecords = s.maxPollRecords;
      concurrency = s.concurrency;
      functionConcurrency = s.functionConcurrency;
      functionLimits = s.functionLimits;
      callTimeout = s.callTimeout;
      callsPerProvider = s.callsPerProvider;
      backoff = s.backoff;
      maxDeliveries = s.maxDeliveries;
      maxHops = s.maxHops;
      breaker = s.breaker;
      shutdownGrace = s.shutdownGrace;
    }

    WorkerSettings build() {
      return new WorkerSettings(
          provider,
          groupId,
          ordered,
          consumers,
          maxPollRecords,
          concurrency,
          functionConcurrency,
          functionLimits,
          callTimeout,
          callsPerProvider,
          backoff,
          maxDeliveries,
          maxHops,
          breaker,
          shutdownGrace);
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  static int integer(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip().replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + v + "'");
    }
  }

  static double decimal(Map<String, String> env, String name, double fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + v + "'");
    }
  }

  static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
    };
  }

  /** A duration: ISO-8601 ({@code PT30S}) or a number with a unit: 250ms, 30s, 5m, 1h. */
  static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return parseDuration(v, name);
  }

  static Duration parseDuration(String value, String name) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      }
      var m = java.util.regex.Pattern.compile("^([0-9]+)\\s*(ms|s|m|h)$").matcher(v);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a duration such as 250ms, 30s, 5m or PT30S, was '" + value + "'");
  }

  /** {@code fn-a=10,fn-b=50}. */
  static Map<String, Integer> limits(String spec) {
    Map<String, Integer> limits = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return limits;
    }
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "FISO_WORKER_FUNCTION_LIMITS must be function=limit pairs separated by commas, found '"
                + entry.strip()
                + "'");
      }
      String function = entry.substring(0, eq).strip();
      try {
        limits.put(function, Integer.parseInt(entry.substring(eq + 1).strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "FISO_WORKER_FUNCTION_LIMITS: the limit of "
                + function
                + " must be an integer, was '"
                + entry.substring(eq + 1).strip()
                + "'");
      }
    }
    return limits;
  }
}
