package io.fiso.costs.rollup;

import io.fiso.costs.CostIngestorNames;
import io.fiso.costs.report.Dimension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Answers "what did we spend from..to, grouped by X" from the cost-ingestor's rollup window stores
 * through Kafka Streams interactive queries. X is any combination of provider, function, region,
 * service, day, hour and label:KEY (none = one total).
 *
 * <p>A range is read from hour windows where it covers whole hours and from minute windows at its
 * ends; a window counts when it starts within {@code [from, to)}, so totals are exact for
 * minute-aligned bounds. Minute windows are kept for {@code cost.ingestor.rollup.minute.retention}
 * (2 days by default): for older ranges give hour-aligned bounds.
 *
 * <p>A {@link KafkaStreams} instance answers from the partitions it hosts. With several
 * cost-ingestor instances, ask each (see {@code KafkaStreams#streamsMetadataForStore}) and add the
 * groups up; while an instance rebalances its stores throw {@code InvalidStateStoreException}:
 * retry.
 */
public final class CostRollupQueries {

  /** Window size of a rollup store. */
  public enum Granularity {
    MINUTE(Duration.ofMinutes(1), CostIngestorNames.ROLLUP_MINUTE_STORE),
    HOUR(Duration.ofHours(1), CostIngestorNames.ROLLUP_HOUR_STORE);

    private final Duration size;
    private final String store;

    Granularity(Duration size, String store) {
      this.size = size;
      this.store = store;
    }

    public Duration size() {
      return size;
    }

    public String storeName() {
      return store;
    }
  }

  /**
   * Totals of one group.
   *
   * @param key dimension (provider, function, label:team, ...) to value, in the order asked
   * @param totals the group's aggregate: cost and effective cost (exact), count, errors, estimated,
   *     mean duration and duration percentiles (within the sketch's relative accuracy, 1%)
   */
  public record GroupTotal(Map<String, String> key, RollupAggregate totals) {

    /** Sum of BilledCost, USD, exact. */
    public BigDecimal cost() {
      return totals.cost();
    }

    public long count() {
      return totals.count();
    }

    public double p95DurationMs() {
      return totals.durationQuantile(0.95);
    }

    /** The value of one dimension, e.g. {@code value("provider")}. */
    public String value(String dimension) {
      return key.get(dimension);
    }
  }

  /** One window of one cell. */
  public record Point(Instant windowStart, RollupCell cell, RollupAggregate totals) {}

  /** Reads the window store of a granularity. */
  @FunctionalInterface
  public interface Stores {
    ReadOnlyWindowStore<RollupCell, RollupAggregate> store(Granularity granularity);
  }

  private final Stores stores;

  public CostRollupQueries(Stores stores) {
    this.stores = Objects.requireNonNull(stores, "stores");
  }

  /** Queries the local stores of a running cost-ingestor. */
  public static CostRollupQueries of(KafkaStreams streams) {
    return new CostRollupQueries(
        g ->
            streams.store(
                StoreQueryParameters.fromNameAndType(
                    g.storeName(),
                    QueryableStoreTypes.<RollupCell, RollupAggregate>windowStore())));
  }

  /**
   * Totals from {@code from} (inclusive) to {@code to} (exclusive), grouped by {@code groupBy}
   * (e.g. {@code "provider,function,label:team"}; empty for one total). Highest cost first.
   *
   * @throws IllegalArgumentException for a grouping the rollups cannot give (status)
   */
  public List<GroupTotal> totals(Instant from, Instant to, String groupBy) {
    return totals(from, to, Dimension.parseList(groupBy));
  }

  public List<GroupTotal> totals(Instant from, Instant to, List<Dimension> groupBy) {
    Map<List<String>, RollupAggregate> groups = new HashMap<>();
    for (Point p : points(from, to)) {
      List<String> values = new ArrayList<>(groupBy.size());
      for (Dimension d : groupBy) {
        values.add(d.valueOf(p.cell(), p.windowStart()));
      }
      groups.merge(values, p.totals(), RollupAggregate::merge);
    }
    List<GroupTotal> out = new ArrayList<>();
    groups.forEach(
        (values, totals) -> {
          Map<String, String> key = new LinkedHashMap<>();
          for (int i = 0; i < groupBy.size(); i++) {
            key.put(groupBy.get(i).header(), values.get(i));
          }
          out.add(new GroupTotal(key, totals));
        });
    out.sort(
        Comparator.comparing(GroupTotal::cost, Comparator.reverseOrder())
            .thenComparing(g -> String.join("\u0000", g.key().values())));
    return out;
  }

  /** The cells of every window of one granularity that starts within {@code [from, to)}. */
  public List<Point> series(Instant from, Instant to, Granularity granularity) {
    List<Point> out = new ArrayList<>();
    fetch(granularity, from, to, out);
    out.sort(Comparator.comparing(Point::windowStart));
    return out;
  }

  /** Every window of the range: whole hours from hour windows, the ends from minute windows. */
  List<Point> points(Instant from, Instant to) {
    List<Point> out = new ArrayList<>();
    if (!to.isAfter(from)) {
      return out;
    }
    Instant firstHour = ceilHour(from);
    Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
    if (firstHour.isBefore(lastHour)) {
      fetch(Granularity.MINUTE, from, firstHour, out);
      fetch(Granularity.HOUR, firstHour, lastHour, out);
      fetch(Granularity.MINUTE, lastHour, to, out);
    } else {
      fetch(Granularity.MINUTE, from, to, out);
    }
    return out;
  }

  private void fetch(Granularity g, Instant from, Instant to, List<Point> out) {
    if (!to.isAfter(from)) {
      return;
    }
    ReadOnlyWindowStore<RollupCell, RollupAggregate> store = stores.store(g);
    try (KeyValueIterator<Windowed<RollupCell>, RollupAggregate> it =
        store.fetchAll(from, to.minusMillis(1))) {
      while (it.hasNext()) {
        KeyValue<Windowed<RollupCell>, RollupAggregate> kv = it.next();
        Instant start = kv.key.window().startTime();
        if (!start.isBefore(from) && start.isBefore(to)) {
          out.add(new Point(start, kv.key.key(), kv.value));
        }
      }
    }
  }

  private static Instant ceilHour(Instant t) {
    Instant floor = t.truncatedTo(ChronoUnit.HOURS);
    return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
  }
}
