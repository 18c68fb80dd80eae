package io.fiso.costs;

import io.fiso.costs.time.Durations;
import io.fiso.schemas.config.ConfigException;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the cost-ingestor is configured with, validated when made: every instance is usable.
 * {@link #from(FisoSettings)} reads it from FISO's settings (flags, {@code FISO_*} environment
 * variables, the properties file); the constants below are the setting keys, and each one's
 * environment variable is {@code FISO_} + the key upper-cased with dots as underscores, e.g. {@code
 * cost.ingestor.stats.half.life} is {@code FISO_COST_INGESTOR_STATS_HALF_LIFE}.
 *
 * @param applicationId Kafka Streams application id: consumer group, state and internal topics
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics the topic catalog (the contract's names, or a prefixed copy)
 * @param stats provider statistics
 * @param rollups windowed rollups
 * @param budgets budgets
 * @param dedupWindow how long an event id is remembered to drop a duplicate cost event (0 = off)
 * @param priceRefreshInterval how often the price book is rebuilt from fiso.prices (it is also
 *     rebuilt before an event is dead-lettered for want of a price sheet)
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param streamThreads Kafka Streams threads
 * @param stateDir where state stores live; null = Kafka Streams' default
 * @param kafka further Kafka client and Streams settings, passed through as given (SASL, TLS, ...)
 */
public record CostIngestorConfig(
    String applicationId,
    String bootstrapServers,
    TopicCatalog topics,
    Stats stats,
    Rollups rollups,
    Budgets budgets,
    Duration dedupWindow,
    Duration priceRefreshInterval,
    String processingGuarantee,
    int streamThreads,
    Path stateDir,
    Map<String, Object> kafka) {

  public static final String APPLICATION_ID = "cost.ingestor.application.id";
  public static final String TOPIC_PREFIX = TopicCatalog.PREFIX_SETTING;
  public static final String AUTO_REGISTER = "schema.registry.auto.register.schemas";
  public static final String HALF_LIFE = "cost.ingestor.stats.half.life";
  public static final String UNHEALTHY_ERROR_RATE = "cost.ingestor.stats.unhealthy.error.rate";
  public static final String RECOVERED_ERROR_RATE = "cost.ingestor.stats.recovered.error.rate";
  public static final String MIN_SAMPLES = "cost.ingestor.stats.min.samples";
  public static final String STATS_EMIT_INTERVAL = "cost.ingestor.stats.emit.interval";
  public static final String SKETCH_ACCURACY = "cost.ingestor.stats.sketch.accuracy";
  public static final String MINUTE_GRACE = "cost.ingestor.rollup.minute.grace";
  public static final String HOUR_GRACE = "cost.ingestor.rollup.hour.grace";
  public static final String MINUTE_RETENTION = "cost.ingestor.rollup.minute.retention";
  public static final String HOUR_RETENTION = "cost.ingestor.rollup.hour.retention";
  public static final String BUDGET_EMIT_INTERVAL = "cost.ingestor.budget.emit.interval";
  public static final String BUDGET_CHECK_INTERVAL = "cost.ingestor.budget.check.interval";
  public static final String POLICY_REFRESH = "cost.ingestor.policy.refresh.interval";
  public static final String DEDUP_WINDOW = "cost.ingestor.dedup.window";
  public static final String PRICE_REFRESH = "cost.ingestor.price.refresh.interval";
  public static final String PROCESSING_GUARANTEE = "cost.ingestor.processing.guarantee";
  public static final String STREAM_THREADS = "cost.ingestor.stream.threads";
  public static final String STATE_DIR = "cost.ingestor.state.dir";

  public static final String DEFAULT_APPLICATION_ID = "fiso-cost-ingestor";
  public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";
  public static final String AT_LEAST_ONCE = "at_least_once";

  /**
   * Provider statistics.
   *
   * @param halfLife event-time half-life of the exponential decay: an attempt this old weighs half
   *     as much as one now (default 5m)
   * @param unhealthyErrorRate a provider is marked unhealthy when its decayed error rate reaches
   *     this, within (0, 1] (default 0.5)
   * @param recoveredErrorRate an unhealthy provider is healthy again when its decayed error rate
   *     falls to this or below; below {@code unhealthyErrorRate} (default 0.2)
   * @param minSamples decayed count of attempts needed before health is judged (default 20)
   * @param emitInterval at most one fiso.provider-stats record per key per interval of event time
   *     (health changes are written at once); 0 = every event (default 5s)
   * @param sketchAccuracy relative error of the percentile sketches, 0.0005..0.1 (default 0.01)
   */
  public record Stats(
      Duration halfLife,
      double unhealthyErrorRate,
      double recoveredErrorRate,
      double minSamples,
      Duration emitInterval,
      double sketchAccuracy) {
    public Stats {
      positive(halfLife, HALF_LIFE);
      notNegative(emitInterval, STATS_EMIT_INTERVAL);
      if (!(unhealthyErrorRate > 0 && unhealthyErrorRate <= 1)) {
        throw invalid(UNHEALTHY_ERROR_RATE, "must be within (0, 1], was " + unhealthyErrorRate);
      }
      if (!(recoveredErrorRate >= 0 && recoveredErrorRate < unhealthyErrorRate)) {
        throw invalid(
            RECOVERED_ERROR_RATE,
            "must be >= 0 and below "
                + UNHEALTHY_ERROR_RATE
                + " ("
                + unhealthyErrorRate
                + "), was "
                + recoveredErrorRate);
      }
      if (!(minSamples >= 1)) {
        throw invalid(MIN_SAMPLES, "must be >= 1, was " + minSamples);
      }
      if (!(sketchAccuracy >= 0.0005 && sketchAccuracy <= 0.1)) {
        throw invalid(
            SKETCH_ACCURACY, "must be within 0.0005..0.1 (0.01 = 1%), was " + sketchAccuracy);
      }
    }

    public static Stats defaults() {
      return new Stats(Duration.ofMinutes(5), 0.5, 0.2, 20, Duration.ofSeconds(5), 0.01);
    }

    public Stats withHalfLife(Duration d) {
      return new Stats(
          d, unhealthyErrorRate, recoveredErrorRate, minSamples, emitInterval, sketchAccuracy);
    }

    public Stats withHealth(double unhealthy, double recovered, double samples) {
      return new Stats(halfLife, unhealthy, recovered, samples, emitInterval, sketchAccuracy);
    }

    public Stats withEmitInterval(Duration d) {
      return new Stats(
          halfLife, unhealthyErrorRate, recoveredErrorRate, minSamples, d, sketchAccuracy);
    }
  }

  /**
   * Windowed rollups.
   *
   * @param minuteGrace how late an event may be and still count in its minute window (default 2m)
   * @param hourGrace how late an event may be and still count in its hour window (default 10m)
   * @param minuteRetention how long minute windows stay queryable (default 2d)
   * @param hourRetention how long hour windows stay queryable (default 35d)
   */
  public record Rollups(
      Duration minuteGrace, Duration hourGrace, Duration minuteRetention, Duration hourRetention) {
    public Rollups {
      notNegative(minuteGrace, MINUTE_GRACE);
      notNegative(hourGrace, HOUR_GRACE);
      positive(minuteRetention, MINUTE_RETENTION);
      positive(hourRetention, HOUR_RETENTION);
      Duration minMinute = Duration.ofMinutes(1).plus(minuteGrace);
      if (minuteRetention.compareTo(minMinute) < 0) {
        throw invalid(
            MINUTE_RETENTION,
            "must be at least one minute plus "
                + MINUTE_GRACE
                + " ("
                + Durations.format(minMinute)
                + "), was "
                + Durations.format(minuteRetention));
      }
      Duration minHour = Duration.ofHours(1).plus(hourGrace);
      if (hourRetention.compareTo(minHour) < 0) {
        throw invalid(
            HOUR_RETENTION,
            "must be at least one hour plus "
                + HOUR_GRACE
                + " ("
                + Durations.format(minHour)
                + "), was "
                + Durations.format(hourRetention));
      }
    }

    public static Rollups defaults() {
      return new Rollups(
          Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofDays(2), Duration.ofDays(35));
    }
  }

  /**
   * Budgets.
   *
   * @param emitInterval at most one fiso.budget-status record per scope per interval of event time
   *     (state changes are written at once); 0 = every event (default 5s)
   * @param checkInterval how often (wall clock) budgets are checked for a new period and changed
   *     amounts, and pending statuses written (default 30s)
   * @param definitionRefresh how long a snapshot of the budgets in fiso.policies is used before it
   *     is read again; 0 = for every event (default 5s)
   */
  public record Budgets(Duration emitInterval, Duration checkInterval, Duration definitionRefresh) {
    public Budgets {
      notNegative(emitInterval, BUDGET_EMIT_INTERVAL);
      positive(checkInterval, BUDGET_CHECK_INTERVAL);
      notNegative(definitionRefresh, POLICY_REFRESH);
    }

    public static Budgets defaults() {
      return new Budgets(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
  }

  public CostIngestorConfig {
    if (applicationId == null || applicationId.isBlank()) {
      throw invalid(APPLICATION_ID, "must not be blank");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw invalid(
          FisoSettings.BOOTSTRAP_SERVERS, "must name the Kafka brokers, e.g. localhost:9092");
    }
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(rollups, "rollups");
    Objects.requireNonNull(budgets, "budgets");
    notNegative(dedupWindow, DEDUP_WINDOW);
    positive(priceRefreshInterval, PRICE_REFRESH);
    if (!EXACTLY_ONCE_V2.equals(processingGuarantee)
        && !AT_LEAST_ONCE.equals(processingGuarantee)) {
      throw invalid(
          PROCESSING_GUARANTEE,
          "must be "
              + EXACTLY_ONCE_V2
              + " or "
              + AT_LEAST_ONCE
              + ", was '"
              + processingGuarantee
              + "'");
    }
    if (streamThreads < 1 || streamThreads > 64) {
      throw invalid(STREAM_THREADS, "must be between 1 and 64, was " + streamThreads);
    }
    kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
  }

  /** Defaults for a broker at {@code bootstrapServers} and the contract's topic names. */
  public static CostIngestorConfig defaults(String bootstrapServers) {
    return new CostIngestorConfig(
        DEFAULT_APPLICATION_ID,
        bootstrapServers,
        TopicCatalog.DEFAULT,
        Stats.defaults(),
        Rollups.defaults(),
        Budgets.defaults(),
        Duration.ofDays(1),
        Duration.ofSeconds(30),
        EXACTLY_ONCE_V2,
        1,
        null,
        Map.of());
  }

  /**
   * Reads the configuration from FISO's settings; unset settings take their defaults.
   *
   * @throws ConfigException naming an unreadable setting and how to set it
   * @throws IllegalArgumentException naming a setting whose value is out of range
   */
  public static CostIngestorConfig from(FisoSettings s) {
    CostIngestorConfig d = defaults(s.bootstrapServers());
    Stats ds = d.stats();
    Stats stats =
        new Stats(
            s.duration(HALF_LIFE, ds.halfLife()),
            number(s, UNHEALTHY_ERROR_RATE, ds.unhealthyErrorRate()),
            number(s, RECOVERED_ERROR_RATE, ds.recoveredErrorRate()),
            number(s, MIN_SAMPLES, ds.minSamples()),
            s.duration(STATS_EMIT_INTERVAL, ds.emitInterval()),
            number(s, SKETCH_ACCURACY, ds.sketchAccuracy()));
    Rollups dr = d.rollups();
    Rollups rollups =
        new Rollups(
            s.duration(MINUTE_GRACE, dr.minuteGrace()),
            s.duration(HOUR_GRACE, dr.hourGrace()),
            s.duration(MINUTE_RETENTION, dr.minuteRetention()),
            s.duration(HOUR_RETENTION, dr.hourRetention()));
    Budgets db = d.budgets();
    Budgets budgets =
        new Budgets(
            s.duration(BUDGET_EMIT_INTERVAL, db.emitInterval()),
            s.duration(BUDGET_CHECK_INTERVAL, db.checkInterval()),
            s.duration(POLICY_REFRESH, db.definitionRefresh()));
    String prefix = s.string(TOPIC_PREFIX, "");
    Map<String, Object> kafka = new LinkedHashMap<>(s.kafkaClientProperties());
    kafka.remove(FisoSettings.BOOTSTRAP_SERVERS);
    return new CostIngestorConfig(
        s.string(APPLICATION_ID, DEFAULT_APPLICATION_ID).trim(),
        d.bootstrapServers(),
        TopicCatalog.prefixed(prefix),
        stats,
        rollups,
        budgets,
        s.duration(DEDUP_WINDOW, d.dedupWindow()),
        s.duration(PRICE_REFRESH, d.priceRefreshInterval()),
        s.string(PROCESSING_GUARANTEE, EXACTLY_ONCE_V2).trim().toLowerCase(Locale.ROOT),
        s.intValue(STREAM_THREADS, 1),
        s.path(STATE_DIR, null),
        kafka);
  }

  public CostIngestorConfig withApplicationId(String id) {
    return copy(c -> c.applicationId = id);
  }

  public CostIngestorConfig withTopics(TopicCatalog catalog) {
    return copy(c -> c.topics = catalog);
  }

  public CostIngestorConfig withStats(Stats s) {
    return copy(c -> c.stats = s);
  }

  public CostIngestorConfig withRollups(Rollups r) {
    return copy(c -> c.rollups = r);
  }

  public CostIngestorConfig withBudgets(Budgets b) {
    return copy(c -> c.budgets = b);
  }

  public CostIngestorConfig withDedupWindow(Duration d) {
    return copy(c -> c.dedupWindow = d);
  }

  public CostIngestorConfig withProcessingGuarantee(String guarantee) {
    return copy(c -> c.processingGuarantee = guarantee);
  }

  public CostIngestorConfig withStateDir(Path dir) {
    return copy(c -> c.stateDir = dir);
  }

  /** These Kafka settings added to (and overriding) the pass-through ones. */
  public CostIngestorConfig withKafka(Map<String, ?> settings) {
    Map<String, Object> merged = new LinkedHashMap<>(kafka);
    merged.putAll(settings);
    return copy(c -> c.kafka = merged);
  }

  /** This configuration with what {@code change} sets on a mutable copy (validated again). */
  private CostIngestorConfig copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** A mutable copy of every component, for the {@code withX} methods. */
  private static final class Copy {
    String applicationId;
    String bootstrapServers;
    TopicCatalog topics;
    Stats stats;
    Rollups rollups;
    Budgets budgets;
    Duration dedupWindow;
    Duration priceRefreshInterval;
    String processingGuarantee;
    int streamThreads;
    Path stateDir;
    Map<String, Object> kafka;

    Copy(CostIngestorConfig c) {
      applicationId = c.applicationId;
      bootstrapServers = c.bootstrapServers;
      topics = c.topics;
      stats = c.stats;
      rollups = c.rollups;
      budgets = c.budgets;
      dedupWindow = c.dedupWindow;
      priceRefreshInterval = c.priceRefreshInterval;
      processingGuarantee = c.processingGuarantee;
      streamThreads = c.streamThreads;
      stateDir = c.stateDir;
      kafka = c.kafka;
    }

    CostIngestorConfig build() {
      return new CostIngestorConfig(
          applicationId,
          bootstrapServers,
          topics,
          stats,
          rollups,
          budgets,
          dedupWindow,
          priceRefreshInterval,
          processingGuarantee,
          streamThreads,
          stateDir,
          kafka);
    }
  }

  private static double number(FisoSettings s, String key, double fallback) {
    return s.optional(key)
        .map(
            v -> {
              try {
                return Double.parseDouble(v.trim());
              } catch (NumberFormatException e) {
                throw new ConfigException(
                    key,
                    "Invalid setting "
                        + key
                        + ": '"
                        + v
                        + "' is not a number such as 0.5; set it with "
                        + s.howToSet(key)
                        + ".");
              }
            })
        .orElse(fallback);
  }

  private static void positive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw invalid(key, "must be a positive duration such as 30s or 5m, was " + show(d));
    }
  }

  private static void notNegative(Duration d, String key) {
    if (d == null || d.isNegative()) {
      throw invalid(key, "must be 0 or a positive duration such as 5s, was " + show(d));
    }
  }

  private static String show(Duration d) {
    return d == null ? "unset" : (d.isNegative() ? "-" : "") + Durations.format(d.abs());
  }

  private static IllegalArgumentException invalid(String key, String problem) {
    return new IllegalArgumentException(
        "Invalid cost-ingestor setting "
            + key
            + " (env "
            + FisoSettings.envName(key)
            + "): "
            + problem);
  }
}
