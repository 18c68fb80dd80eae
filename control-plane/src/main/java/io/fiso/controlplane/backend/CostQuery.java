package io.fiso.controlplane.backend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Costs of attempts whose charge period started in {@code [from, to)}, grouped by {@code groupBy}
 * (in that order; empty = one total).
 */
public record CostQuery(Instant from, Instant to, List<CostDimension> groupBy) {

  public CostQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    groupBy = List.copyOf(groupBy);
    if (groupBy.stream().distinct().count() != groupBy.size()) {
      throw new IllegalArgumentException("groupBy " + groupBy + " names a dimension twice");
    }
  }
}
