package io.fiso.bench.harness;

import java.util.List;
import java.util.Objects;

/**
 * One measured quantity of one scenario, with the value of every repeated run; the report gives
 * their median.
 *
 * @param scenario what ran, e.g. {@code router ALOS, 100 policies}
 * @param metric what was measured, e.g. {@code throughput} or {@code latency p99}
 * @param unit e.g. {@code records/s}, {@code ms}
 * @param samples one value per run
 */
public record Figure(String scenario, String metric, String unit, List<Double> samples) {

  public Figure {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(unit, "unit");
    samples = List.copyOf(samples);
    if (samples.isEmpty()) {
      throw new IllegalArgumentException(scenario + " " + metric + ": no runs");
    }
  }

  public double median() {
    return Stats.median(samples);
  }

  public double min() {
    return Stats.min(samples);
  }

  public double max() {
    return Stats.max(samples);
  }
}
