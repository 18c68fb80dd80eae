package io.fiso.costs.rollup;

import io.fiso.costs.sketch.LogHistogram;
import io.fiso.costs.state.StateSerde;
import java.math.BigDecimal;

/**
 * Totals of one rollup cell over one window: exact cost (sums of BilledCost and EffectiveCost),
 * attempt count, attempts that did not succeed, attempts whose cost was estimated, duration and
 * billed-duration sums, and a duration sketch for percentiles. Aggregates {@linkplain #merge merge}
 * exactly (the sketch's buckets add).
 */
public final class RollupAggregate {

  private BigDecimal cost;
  private BigDecimal effectiveCost;
  private long count;
  private long errors;
  private long estimated;
  private double durationSum;
  private long billedDurationSum;
  private final LogHistogram duration;

  public RollupAggregate(double sketchAccuracy) {
    this(BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, 0, 0, new LogHistogram(sketchAccuracy));
  }

  private RollupAggregate(
      BigDecimal cost,
      BigDecimal effectiveCost,
      long count,
      long errors,
      long estimated,
      double durationSum,
      long billedDurationSum,
      LogHistogram duration) {
    this.cost = cost;
    this.effectiveCost = effectiveCost;
    this.count = count;
    this.errors = errors;
    this.estimated = estimated;
    this.durationSum = durationSum;
    this.billedDurationSum = billedDurationSum;
    this.duration = duration;
  }

  /** Counts one event (mutates and returns this aggregate). */
  public RollupAggregate add(RollupSample s) {
    cost = cost.add(s.cost());
    effectiveCost = effectiveCost.add(s.effectiveCost());
    count++;
    if (s.error()) {
      errors++;
    }
    if (s.estimated()) {
      estimated++;
    }
    durationSum += s.durationMs();
    billedDurationSum += s.billedDurationMs();
    duration.add(s.durationMs());
    return this;
  }

  /** A new aggregate with the totals of both. */
  public RollupAggregate merge(RollupAggregate other) {
    return new RollupAggregate(
        cost.add(other.cost),
        effectiveCost.add(other.effectiveCost),
        count + other.count,
        errors + other.errors,
        estimated + other.estimated,
        durationSum + other.durationSum,
        billedDurationSum + other.billedDurationSum,
        duration.copy().merge(other.duration));
  }

  /** Sum of BilledCost, USD, exact. */
  public BigDecimal cost() {
    return cost;
  }

  /** Sum of EffectiveCost, USD, exact. */
  public BigDecimal effectiveCost() {
    return effectiveCost;
  }

  public long count() {
    return count;
  }

  public long errors() {
    return errors;
  }

  /**
   * Attempts whose cost was estimated from FISO's measurement rather than billed by the provider.
   */
  public long estimated() {
    return estimated;
  }

  public double meanDurationMs() {
    return count == 0 ? 0 : durationSum / count;
  }

  public double meanBilledDurationMs() {
    return count == 0 ? 0 : (double) billedDurationSum / count;
  }

  /** Duration quantile within the sketch's relative accuracy; 0 when empty. */
  public double durationQuantile(double q) {
    double v = duration.quantile(q);
    return Double.isNaN(v) ? 0 : v;
  }

  public static final StateSerde<RollupAggregate> SERDE =
      new StateSerde<>(
          "rollup aggregate",
          1,
          (a, out) -> {
            StateSerde.writeDecimal(out, a.cost);
            StateSerde.writeDecimal(out, a.effectiveCost);
            out.writeLong(a.count);
            out.writeLong(a.errors);
            out.writeLong(a.estimated);
            out.writeDouble(a.durationSum);
            out.writeLong(a.billedDurationSum);
            a.duration.writeTo(out);
          },
          (format, in) ->
              new RollupAggregate(
                  StateSerde.readDecimal(in),
                  StateSerde.readDecimal(in),
                  in.readLong(),
                  in.readLong(),
                  in.readLong(),
                  in.readDouble(),
                  in.readLong(),
                  LogHistogram.readFrom(in)));
}
