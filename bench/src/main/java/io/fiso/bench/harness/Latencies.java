package io.fiso.bench.harness;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one run, in milliseconds, read from an HdrHistogram that recorded
 * microseconds.
 *
 * @param count how many latencies were recorded
 */
public record Latencies(long count, double p50, double p95, double p99, double p999, double max) {

  /** The percentiles every report gives, with their labels. */
  public static final List<String> LABELS = List.of("p50", "p95", "p99", "p99.9", "max");

  /** Microsecond histogram from 1 µs to 10 minutes, 3 significant digits. */
  public static Histogram newHistogram() {
    return new Histogram(1, 600_000_000L, 3);
  }

  /**
   * The percentiles of {@code micros}.
   *
   * @throws IllegalArgumentException when the histogram is empty
   */
  public static Latencies of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      throw new IllegalArgumentException("no latencies were recorded");
    }
    return new Latencies(
        micros.getTotalCount(),
        ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(95)),
        ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)),
        ms(micros.getMaxValue()));
  }

  /** The values in the order of {@link #LABELS}. */
  public List<Double> values() {
    return List.of(p50, p95, p99, p999, max);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
