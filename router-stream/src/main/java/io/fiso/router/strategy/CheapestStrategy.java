package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CHEAPEST: the eligible target with the lowest predicted cost per invocation. Each cost comes from
 * the target's price sheet and the measured mean billed duration on that target; with nothing
 * measured, the duration measured on the function's other targets, else the configured default
 * duration, at the target's configured memory (the candidate's cost basis says which). Ties keep
 * declared order. When no eligible target has a price, the first eligible target in declared order,
 * and the reason says so.
 */
public final class CheapestStrategy implements Strategy {

  static final Comparator<Candidate> BY_COST =
      Comparator.comparing(Candidate::predictedCost).thenComparingInt(Candidate::position);

  @Override
  public RoutingStrategy kind() {
    return RoutingStrategy.CHEAPEST;
  }

  @Override
  public Choice choose(Selection s) {
    return cheapestOf(s.eligible(), "CHEAPEST: ", "");
  }

  /** The cheapest of {@code pool} (never empty); shared with CHEAPEST_WITHIN_SLO. */
  static Choice cheapestOf(List<Candidate> pool, String prefix, String qualifier) {
    Optional<Candidate> cheapest = pool.stream().filter(Candidate::hasCost).min(BY_COST);
    Map<Integer, String> notes = new HashMap<>();
    if (cheapest.isEmpty()) {
      Candidate chosen = pool.get(0);
      for (Candidate c : pool) {
        if (c != chosen) {
          notes.put(c.position(), "no price known: " + c.costBasis());
        }
      }
      return new Choice(
          chosen,
          prefix
              + "no price is known for any eligible target"
              + qualifier
              + " (publish price sheets to fiso.prices), so the first in declared order, "
              + chosen.label()
              + ": "
              + chosen.costBasis(),
          notes);
    }
    Candidate chosen = cheapest.get();
    StringBuilder reason =
        new StringBuilder(prefix)
            .append(chosen.label())
            .append(" is predicted cheapest")
            .append(qualifier)
            .append(" at ")
            .append(Figures.usd(chosen.predictedCost()))
            .append(" per invocation (")
            .append(chosen.costBasis())
            .append(")");
    pool.stream()
        .filter(c -> c != chosen && c.hasCost())
        .min(BY_COST)
        .ifPresent(
            next ->
                reason
                    .append("; next: ")
                    .append(next.label())
                    .append(" at ")
                    .append(Figures.usd(next.predictedCost())));
    for (Candidate c : pool) {
      if (c == chosen) {
        continue;
      }
      notes.put(
          c.position(),
          c.hasCost()
              ? "predicted "
                  + Figures.usd(c.predictedCost())
                  + ", "
                  + Figures.usd(c.predictedCost().subtract(chosen.predictedCost()))
                  + " more than "
                  + chosen.label()
              : "no price known: " + c.costBasis());
    }
    return new Choice(chosen, reason.toString(), notes);
  }
}
