package io.fiso.costs.stats;

import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.costs.sketch.LogHistogram;
import io.fiso.costs.state.StateSerde;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The exponentially decayed statistics of one function on one provider and region.
 *
 * <p>Every sum is decayed by {@code 2^(-Δt / halfLife)} as event time advances, so an attempt one
 * half-life old weighs half as much as one now. An event older than the newest one seen (out of
 * order) is added with its own decayed weight instead. Rates and means are ratios of decayed sums;
 * percentiles come from two {@link LogHistogram}s with the same decayed weights.
 *
 * <p>Mutable; owned by one stream task.
 */
public final class ProviderStatsState {

  private static final MathContext MC = MathContext.DECIMAL128;

  final String function;
  final Provider provider;
  final String region;
  long invocations;
  long lastEventTime;
  long lastWallClock;
  double weight;
  double errors;
  double throttles;
  double coldStarts;
  double durationSum;
  double latencySum;
  double billedDurationSum;
  BigDecimal costSum = BigDecimal.ZERO;

  /** The decayed weight again, decayed with the same decimal arithmetic as costSum. */
  BigDecimal costWeight = BigDecimal.ZERO;

  LogHistogram duration;
  LogHistogram latency;

  /**
   * Health evidence: the decayed weight and errors since the provider was last re-admitted. Health
   * is judged on these, so that a re-admitted provider gets a fresh hearing while the reported
   * rates stay the true decayed ones.
   */
  double healthWeight;

  double healthErrors;
  boolean healthy = true;
  String healthReason;
  long lastEmitted = Long.MIN_VALUE;
  boolean dirty;

  ProviderStatsState(String function, Provider provider, String region, double accuracy) {
    this.function = function;
    this.provider = provider;
    this.region = region;
    this.duration = new LogHistogram(accuracy);
    this.latency = new LogHistogram(accuracy);
  }

  /** Decay factor over {@code elapsedMs} of event time. */
  static double decayFactor(long elapsedMs, long halfLifeMs) {
    return elapsedMs <= 0 ? 1.0 : Math.pow(0.5, (double) elapsedMs / halfLifeMs);
  }

  /** Adds one attempt at event time {@code time}. */
  void add(StatsSample s, long time, long halfLifeMs) {
    double w;
    if (invocations == 0 && weight == 0) {
      lastEventTime = time;
      w = 1;
    } else if (time >= lastEventTime) {
      decayTo(time, halfLifeMs);
      w = 1;
    } else {
      w = decayFactor(lastEventTime - time, halfLifeMs);
    }
    invocations++;
    weight += w;
    healthWeight += w;
    if (s.error()) {
      errors += w;
      healthErrors += w;
    }
    if (s.throttled()) {
      throttles += w;
    }
    if (s.coldStart()) {
      coldStarts += w;
    }
    durationSum += s.durationMs() * w;
    latencySum += s.latencyMs() * w;
    billedDurationSum += s.billedDurationMs() * w;
    BigDecimal weight = BigDecimal.valueOf(w);
    costSum = costSum.add(s.cost().multiply(weight, MC), MC);
    costWeight = costWeight.add(weight, MC);
    duration.add(s.durationMs(), w);
    latency.add(s.latencyMs(), w);
  }

  /** Decays every sum to event time {@code time} (later than the last event). */
  void decayTo(long time, long halfLifeMs) {
    if (time <= lastEventTime) {
      return;
    }
    double f = decayFactor(time - lastEventTime, halfLifeMs);
    weight *= f;
    errors *= f;
    healthWeight *= f;
    healthErrors *= f;
    throttles *= f;
    coldStarts *= f;
    durationSum *= f;
    latencySum *= f;
    billedDurationSum *= f;
    BigDecimal factor = BigDecimal.valueOf(f);
    costSum = costSum.multiply(factor, MC);
    costWeight = costWeight.multiply(factor, MC);
    duration.decay(f);
    latency.decay(f);
    lastEventTime = time;
  }

  double errorRate() {
    return weight > 0 ? errors / weight : 0;
  }

  /** The error rate health is judged on (since the last re-admission). */
  double healthErrorRate() {
    return healthWeight > 0 ? healthErrors / healthWeight : 0;
  }

  /** Forgets the health evidence: the provider is judged afresh on the attempts that follow. */
  void resetHealthEvidence() {
    healthWeight = 0;
    healthErrors = 0;
  }

  /** The record written to fiso.provider-stats. */
  public ProviderStats toRecord() {
    double w = weight > 0 ? weight : 1;
    BigDecimal meanCost =
        costWeight.signum() > 0
            ? costSum.divide(costWeight, MC).setScale(24, RoundingMode.HALF_EVEN)
            : BigDecimal.ZERO.setScale(24);
    return ProviderStats.newBuilder()
        .setFunction(function)
        .setProvider(provider)
        .setRegion(region)
        .setInvocations(invocations)
        .setWeightedCount(weight)
        .setErrorRate(errors / w)
        .setThrottleRate(throttles / w)
        .setColdStartRate(coldStarts / w)
        .setMeanDurationMs(durationSum / w)
        .setP50DurationMs(orZero(duration.quantile(0.50)))
        .setP95DurationMs(orZero(duration.quantile(0.95)))
        .setP99DurationMs(orZero(duration.quantile(0.99)))
        .setMeanLatencyMs(latencySum / w)
        .setP50LatencyMs(orZero(latency.quantile(0.50)))
        .setP95LatencyMs(orZero(latency.quantile(0.95)))
        .setP99LatencyMs(orZero(latency.quantile(0.99)))
        .setMeanCost(meanCost)
        .setMeanBilledDurationMs(billedDurationSum / w)
        .setHealthy(healthy)
        .setHealthReason(healthReason)
        .setUpdatedAt(Instant.ofEpochMilli(lastEventTime))
        .build();
  }

  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  public static final StateSerde<ProviderStatsState> SERDE =
      new StateSerde<>(
          "provider statistics state",
          1,
          (s, out) -> {
            out.writeUTF(s.function);
            out.writeUTF(s.provider.name());
            out.writeUTF(s.region);
            out.writeLong(s.invocations);
            out.writeLong(s.lastEventTime);
            out.writeLong(s.lastWallClock);
            out.writeDouble(s.weight);
            out.writeDouble(s.errors);
            out.writeDouble(s.throttles);
            out.writeDouble(s.coldStarts);
            out.writeDouble(s.durationSum);
            out.writeDouble(s.latencySum);
            out.writeDouble(s.billedDurationSum);
            StateSerde.writeDecimal(out, s.costSum);
            StateSerde.writeDecimal(out, s.costWeight);
            s.duration.writeTo(out);
            s.latency.writeTo(out);
            out.writeDouble(s.healthWeight);
            out.writeDouble(s.healthErrors);
            out.writeBoolean(s.healthy);
            StateSerde.writeNullableString(out, s.healthReason);
            out.writeLong(s.lastEmitted);
            out.writeBoolean(s.dirty);
          },
          (format, in) -> {
            ProviderStatsState s =
                new ProviderStatsState(
                    in.readUTF(),
                    Provider.valueOf(in.readUTF()),
                    in.readUTF(),
                    LogHistogram.DEFAULT_RELATIVE_ACCURACY);
            s.invocations = in.readLong();
            s.lastEventTime = in.readLong();
            s.lastWallClock = in.readLong();
            s.weight = in.readDouble();
            s.errors = in.readDouble();
            s.throttles = in.readDouble();
            s.coldStarts = in.readDouble();
            s.durationSum = in.readDouble();
            s.latencySum = in.readDouble();
            s.billedDurationSum = in.readDouble();
            s.costSum = StateSerde.readDecimal(in);
            s.costWeight = StateSerde.readDecimal(in);
            s.duration = LogHistogram.readFrom(in);
            s.latency = LogHistogram.readFrom(in);
            s.healthWeight = in.readDouble();
            s.healthErrors = in.readDouble();
            s.healthy = in.readBoolean();
            s.healthReason = StateSerde.readNullableString(in);
            s.lastEmitted = in.readLong();
            s.dirty = in.readBoolean();
            return s;
          });
}
