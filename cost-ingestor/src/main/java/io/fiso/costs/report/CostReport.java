package io.fiso.costs.report;

import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationStatus;
import io.fiso.costs.sketch.LogHistogram;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Totals of cost events grouped by some {@link Dimension}s: exact cost (sum of BilledCost, and of
 * EffectiveCost), attempt count, attempts that did not succeed, mean duration and p95 duration
 * (within {@link LogHistogram#DEFAULT_RELATIVE_ACCURACY}). The result does not depend on the order
 * events are added in: sums are exact decimals and the sketch's buckets add.
 */
public final class CostReport {

  /**
   * One group.
   *
   * @param group the group's value per dimension, in the dimensions' order
   * @param count attempts
   * @param errors attempts that did not succeed
   * @param cost sum of BilledCost, USD, exact
   * @param effectiveCost sum of EffectiveCost, USD, exact
   * @param meanDurationMs mean run time (exact sum / count)
   * @param p95DurationMs 95th percentile run time, within 1%
   */
  public record Row(
      List<String> group,
      long count,
      long errors,
      BigDecimal cost,
      BigDecimal effectiveCost,
      double meanDurationMs,
      double p95DurationMs) {}

  private final Instant from;
  private final Instant to;
  private final List<Dimension> dimensions;
  private final List<Row> rows;
  private final Row total;

  private CostReport(
      Instant from, Instant to, List<Dimension> dimensions, List<Row> rows, Row total) {
    this.from = from;
    this.to = to;
    this.dimensions = List.copyOf(dimensions);
    this.rows = List.copyOf(rows);
    this.total = total;
  }

  /** Collects events into a report. */
  public static Builder builder(Instant from, Instant to, List<Dimension> dimensions) {
    return new Builder(from, to, dimensions);
  }

  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }

  public List<Dimension> dimensions() {
    return dimensions;
  }

  /** Groups, highest cost first, then by group values. */
  public List<Row> rows() {
    return rows;
  }

  /** Totals over every group. */
  public Row total() {
    return total;
  }

  /** Adds events up. Not thread-safe. */
  public static final class Builder implements Consumer<CostEvent> {
    private final Instant from;
    private final Instant to;
    private final List<Dimension> dimensions;
    private final Map<List<String>, Acc> groups = new HashMap<>();
    private final Acc all = new Acc();

    private Builder(Instant from, Instant to, List<Dimension> dimensions) {
      this.from = Objects.requireNonNull(from);
      this.to = Objects.requireNonNull(to);
      this.dimensions = List.copyOf(dimensions);
    }

    @Override
    public void accept(CostEvent e) {
      List<String> key = new ArrayList<>(dimensions.size());
      for (Dimension d : dimensions) {
        key.add(d.valueOf(e));
      }
      groups.computeIfAbsent(List.copyOf(key), k -> new Acc()).add(e);
      all.add(e);
    }

    public CostReport build() {
      List<Row> rows = new ArrayList<>();
      groups.forEach((k, acc) -> rows.add(acc.row(k)));
      rows.sort(
          Comparator.comparing(Row::cost, Comparator.reverseOrder())
              .thenComparing(r -> String.join("\u0000", r.group())));
      return new CostReport(from, to, dimensions, rows, all.row(List.of()));
    }
  }

  private static final class Acc {
    long count;
    long errors;
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal effective = BigDecimal.ZERO;
    BigDecimal durationSum = BigDecimal.ZERO;
    final LogHistogram durations = new LogHistogram();

    void add(CostEvent e) {
      count++;
      if (e.getStatus() != InvocationStatus.SUCCEEDED) {
        errors++;
      }
      cost = cost.add(e.getBilledCost());
      effective = effective.add(e.getEffectiveCost());
      durationSum = durationSum.add(BigDecimal.valueOf(e.getDurationMs()));
      durations.add(e.getDurationMs());
    }

    Row row(List<String> key) {
      double mean =
          count == 0
              ? 0
              : durationSum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64).doubleValue();
      double p95 = count == 0 ? 0 : durations.quantile(0.95);
      return new Row(key, count, errors, cost, effective, mean, p95);
    }
  }
}
