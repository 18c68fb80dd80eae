package io.fiso.costs.stats;

import io.fiso.avro.AlertKind;
import io.fiso.avro.AlertSeverity;
import io.fiso.avro.FinOpsAlert;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.costs.CostIngestorNames;
import io.fiso.costs.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds every attempt into the decayed statistics of its {@code function/provider/region} and
 * writes them to fiso.provider-stats: at once when health changes (with a PROVIDER_UNHEALTHY or
 * PROVIDER_RECOVERED alert), otherwise at most once per emit interval of event time, and pending
 * updates on a wall-clock punctuation.
 *
 * <p>Health: unhealthy when the decayed error rate reaches the threshold over at least the minimum
 * decayed sample; healthy again when it falls to the recovery rate, or, since the router sends
 * nothing to an unhealthy provider, after two half-lives of wall-clock time without an attempt
 * (re-admitted to be probed, its health evidence forgotten).
 */
public final class ProviderStatsProcessor
    implements Processor<String, StatsSample, String, StatsOutput> {

  private static final Logger log = LoggerFactory.getLogger(ProviderStatsProcessor.class);

  private final CostIngestorConfig.Stats config;
  private final long halfLifeMs;
  private final long emitMs;
  private final long probationMs;
  private ProcessorContext<String, StatsOutput> context;
  private KeyValueStore<String, ProviderStatsState> store;

  /**
   * The states this task last wrote, as objects: a cost event's key is usually one seen a moment
   * ago, and reading it back from the store would decode its two histograms again. Only this
   * processor writes the store, so an entry here is exactly what the store holds for its key. It is
   * emptied whenever the task is (re)initialised (after a restore, or an exactly-once abort that
   * rolled the store back), and bounded so that many keys stay in the store, not the heap.
   */
  private final Map<String, ProviderStatsState> written =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProviderStatsState> eldest) {
          return size() > DECODED_CACHE_ENTRIES;
        }
      };

  /** Decoded states kept per task (a few KB each: two histograms). */
  static final int DECODED_CACHE_ENTRIES = 1024;

  public ProviderStatsProcessor(CostIngestorConfig.Stats config) {
    this.config = config;
    this.halfLifeMs = config.halfLife().toMillis();
    this.emitMs = config.emitInterval().toMillis();
    this.probationMs = 2 * halfLifeMs;
  }

  @Override
  public void init(ProcessorContext<String, StatsOutput> context) {
    this.context = context;
    this.store = context.getStateStore(CostIngestorNames.STATS_STORE);
    written.clear();
    Duration every = emitMs > 0 ? config.emitInterval() : Duration.ofSeconds(5);
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      every = Duration.ofSeconds(1);
    }
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, StatsSample> record) {
    StatsSample sample = record.value();
    if (sample == null) {
      return;
    }
    String key = sample.key();
    long time = record.timestamp();
    long now = context.currentSystemTimeMs();
    ProviderStatsState state = written.get(key);
    if (state == null) {
      state = store.get(key);
    }
    if (state == null) {
      state =
          new ProviderStatsState(
              sample.function(), sample.provider(), sample.region(), config.sketchAccuracy());
    }
    state.add(sample, time, halfLifeMs);
    state.lastWallClock = now;
    boolean healthChanged = evaluateHealth(state, key, time);
    if (healthChanged
        || emitMs == 0
        || state.lastEmitted == Long.MIN_VALUE
        || time - state.lastEmitted >= emitMs) {
      emit(key, state, time);
    } else {
      state.dirty = true;
    }
    put(key, state);
  }

  private void put(String key, ProviderStatsState state) {
    store.put(key, state);
    written.put(key, state);
  }

  @Override
  public void close() {
    written.clear();
  }

  /** Re-judges health after new evidence; raises the alert when it changes. */
  private boolean evaluateHealth(ProviderStatsState s, String key, long time) {
    double rate = s.healthErrorRate();
    if (s.healthy && s.healthWeight >= config.minSamples() && rate >= config.unhealthyErrorRate()) {
      s.healthy = false;
      s.healthReason =
          String.format(
              Locale.ROOT,
              "error rate %s over the recent %.1f attempts reached the unhealthy threshold %s",
              percent(rate),
              s.healthWeight,
              percent(config.unhealthyErrorRate()));
      alert(key, s, AlertKind.PROVIDER_UNHEALTHY, AlertSeverity.CRITICAL, time);
      return true;
    }
    if (!s.healthy && rate <= config.recoveredErrorRate()) {
      s.healthy = true;
      s.healthReason =
          String.format(
              Locale.ROOT,
              "error rate fell to %s (recovery threshold %s)",
              percent(rate),
              percent(config.recoveredErrorRate()));
      alert(key, s, AlertKind.PROVIDER_RECOVERED, AlertSeverity.INFO, time);
      return true;
    }
    return false;
  }

  /**
   * The router sends nothing to an unhealthy provider, so no attempt can show it recovered: after
   * {@link #probationMs} of wall-clock time without an attempt it is re-admitted with its health
   * evidence forgotten, so that the router probes it and the next attempts judge it afresh.
   */
  private void punctuate(long now) {
    List<KeyValue<String, ProviderStatsState>> changed = new ArrayList<>();
    try (KeyValueIterator<String, ProviderStatsState> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, ProviderStatsState> entry = all.next();
        ProviderStatsState s = entry.value;
        if (!s.healthy && now - s.lastWallClock >= probationMs) {
          s.healthy = true;
          s.resetHealthEvidence();
          s.healthReason =
              "no attempt for "
                  + Durations.format(Duration.ofMillis(now - s.lastWallClock))
                  + " while unhealthy: re-admitted so that the router probes it (judged again"
                  + " after "
                  + String.format(Locale.ROOT, "%.0f", config.minSamples())
                  + " attempts)";
          alert(entry.key, s, AlertKind.PROVIDER_RECOVERED, AlertSeverity.INFO, s.lastEventTime);
          s.dirty = true;
        }
        if (s.dirty) {
          changed.add(entry);
        }
      }
    }
    for (KeyValue<String, ProviderStatsState> entry : changed) {
      emit(entry.key, entry.value, entry.value.lastEventTime);
      put(entry.key, entry.value);
    }
  }

  private void emit(String key, ProviderStatsState s, long time) {
    s.lastEmitted = Math.max(time, s.lastEmitted);
    s.dirty = false;
    context.forward(new Record<>(key, new StatsOutput.Stats(s.toRecord()), time));
  }

  private void alert(
      String key, ProviderStatsState s, AlertKind kind, AlertSeverity severity, long time) {
    log.info("{} {}: {}", kind, key, s.healthReason);
    FinOpsAlert alert =
        FinOpsAlert.newBuilder()
            .setAlertId(key + "/" + kind + "/" + Instant.ofEpochMilli(time))
            .setScope(key)
            .setKind(kind)
            .setSeverity(severity)
            .setMessage(
                (kind == AlertKind.PROVIDER_UNHEALTHY
                    ? s.provider
                        + " "
                        + s.region
                        + " is unhealthy for "
                        + s.function
                        + ": "
                        + s.healthReason
                        + ". The router skips it until it recovers."
                    : s.provider
                        + " "
                        + s.region
                        + " is healthy again for "
                        + s.function
                        + ": "
                        + s.healthReason
                        + "."))
            .setRaisedAt(Instant.ofEpochMilli(time))
            .setLabels(
                Map.of(
                    "function",
                    s.function,
                    "provider",
                    s.provider.name(),
                    "region",
                    s.region,
                    "errorRate",
                    String.format(Locale.ROOT, "%.4f", s.errorRate())))
            .build();
    context.forward(new Record<>(key, new StatsOutput.Alert(alert), time));
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }
}
