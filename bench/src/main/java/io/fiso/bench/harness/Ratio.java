package io.fiso.bench.harness;

import java.util.Objects;

/**
 * A ratio of two medians measured in the same run, against the goal it should reach.
 *
 * @param name e.g. {@code router / plain passthrough, ALOS, 100 policies}
 * @param value numerator median / denominator median
 * @param goal the least acceptable value, or NaN when there is none
 */
public record Ratio(String name, double value, double goal) {

  public Ratio {
    Objects.requireNonNull(name, "name");
  }

  public static Ratio of(String name, Figure numerator, Figure denominator, double goal) {
    return new Ratio(name, numerator.median() / denominator.median(), goal);
  }

  public boolean hasGoal() {
    return !Double.isNaN(goal);
  }

  public boolean met() {
    return hasGoal() && value >= goal;
  }
}
