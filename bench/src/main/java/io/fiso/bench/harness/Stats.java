package io.fiso.bench.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The few statistics a report needs: the median of repeated runs, and their spread. */
public final class Stats {

  private Stats() {}

  /**
   * The median of {@code samples}: the middle value, or the mean of the two middle values of an
   * even count.
   *
   * @throws IllegalArgumentException when there are no samples
   */
  public static double median(List<Double> samples) {
    List<Double> sorted = sorted(samples);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  public static double min(List<Double> samples) {
    return sorted(samples).get(0);
  }

  public static double max(List<Double> samples) {
    List<Double> sorted = sorted(samples);
    return sorted.get(sorted.size() - 1);
  }

  private static List<Double> sorted(List<Double> samples) {
    if (samples == null || samples.isEmpty()) {
      throw new IllegalArgumentException("no samples: a figure needs at least one run");
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted;
  }
}
