package io.fiso.cli.mcal;

import io.fiso.avro.RoutingStrategy;
import java.util.Locale;
import java.util.Objects;

/**
 * What the imported policy is for: the logical function, the strategy, the policy's name (default
 * "{@code <function>-<strategy>}") and, for CHEAPEST_WITHIN_SLO, the latency objective.
 */
public record ImportOptions(
    String function, RoutingStrategy strategy, String name, Integer latencySloMs) {

  public static final String DEFAULT_FUNCTION = "fiso-sample";

  public ImportOptions {
    Objects.requireNonNull(strategy, "strategy");
    if (function == null || function.isBlank()) {
      throw new IllegalArgumentException("--function must not be blank");
    }
    function = function.strip();
    if (name == null || name.isBlank()) {
      name = function + "-" + strategy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    if (latencySloMs != null && latencySloMs <= 0) {
      throw new IllegalArgumentException(
          "--latency-slo-ms must be greater than 0, was " + latencySloMs);
    }
    if (strategy == RoutingStrategy.CHEAPEST_WITHIN_SLO && latencySloMs == null) {
      throw new IllegalArgumentException(
          "--strategy CHEAPEST_WITHIN_SLO needs --latency-slo-ms (the p95 latency objective in ms)");
    }
  }
}
