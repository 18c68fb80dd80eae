package io.fiso.controlplane.backend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link CostQuery} found. Money is exact USD.
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param groupBy the dimensions each group's key has, in order
 * @param groups one per combination of dimension values seen, in the backend's order
 * @param source where the numbers come from, for people (e.g. "cost-ingestor rollups")
 */
public record CostReport(
    Instant from, Instant to, List<CostDimension> groupBy, List<Group> groups, String source) {

  /**
   * The costs of one combination of dimension values.
   *
   * @param key dimension id (as in {@link CostDimension#id()}) to value
   * @param billedCostUsd FOCUS BilledCost
   * @param effectiveCostUsd FOCUS EffectiveCost
   * @param attempts provider calls counted (cost events)
   * @param estimated whether any of these costs was estimated rather than billed by the provider
   */
  public record Group(
      Map<String, String> key,
      BigDecimal billedCostUsd,
      BigDecimal effectiveCostUsd,
      long attempts,
      boolean estimated) {
    public Group {
      key = Map.copyOf(key);
      Objects.requireNonNull(billedCostUsd, "billedCostUsd");
      Objects.requireNonNull(effectiveCostUsd, "effectiveCostUsd");
    }
  }

  public CostReport {
    groupBy = List.copyOf(groupBy);
    groups = List.copyOf(groups);
  }

  /** Sum of every group's billed cost. */
  public BigDecimal totalBilledCostUsd() {
    return groups.stream().map(Group::billedCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Sum of every group's effective cost. */
  public BigDecimal totalEffectiveCostUsd() {
    return groups.stream().map(Group::effectiveCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Sum of every group's attempts. */
  public long totalAttempts() {
    return groups.stream().mapToLong(Group::attempts).sum();
  }
}
