package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CHEAPEST_WITHIN_SLO: the cheapest eligible target whose measured p95 latency meets the policy's
 * {@code latencySloMs}. When none meets it, the fastest measured target, with that recorded in the
 * reason. When nothing is measured yet the SLO cannot be checked, and the cheapest predicted target
 * is chosen, saying so.
 */
public final class CheapestWithinSloStrategy implements Strategy {

  @Override
  public RoutingStrategy kind() {
    return RoutingStrategy.CHEAPEST_WITHIN_SLO;
  }

  @Override
  public Choice choose(Selection s) {
    Integer slo = s.policy().getLatencySloMs();
    String prefix = "CHEAPEST_WITHIN_SLO: ";
    if (slo == null) {
      return CheapestStrategy.cheapestOf(
          s.eligible(), prefix + "the policy has no latencySloMs, so plain CHEAPEST: ", "");
    }
    List<Candidate> measured = s.eligible().stream().filter(Candidate::hasLatency).toList();
    if (measured.isEmpty()) {
      return CheapestStrategy.cheapestOf(
          s.eligible(),
          prefix
              + "no latency has been measured yet, so the "
              + slo
              + " ms SLO cannot be checked; ",
          "");
    }
    List<Candidate> within = measured.stream().filter(c -> c.p95LatencyMs() <= slo).toList();
    if (within.isEmpty()) {
      String all =
          measured.stream()
              .map(c -> c.label() + " " + Figures.ms(c.p95LatencyMs()))
              .collect(Collectors.joining(", "));
      Choice fastest =
          FastestStrategy.fastestOf(
              measured,
              prefix,
              "no target's measured p95 meets the "
                  + slo
                  + " ms SLO ("
                  + all
                  + "), so the fastest: ");
      return withNotesFor(s, fastest, "no latency measured yet; not known to meet the SLO");
    }
    Choice cheapest =
        CheapestStrategy.cheapestOf(within, prefix, " of those meeting the " + slo + " ms SLO");
    Map<Integer, String> notes = new HashMap<>(cheapest.notes());
    for (Candidate c : s.eligible()) {
      if (c == cheapest.chosen() || notes.containsKey(c.position())) {
        continue;
      }
      notes.put(
          c.position(),
          c.hasLatency()
              ? "p95 " + Figures.ms(c.p95LatencyMs()) + " misses the " + slo + " ms SLO"
              : "no latency measured yet; not known to meet the " + slo + " ms SLO");
    }
    return new Choice(cheapest.chosen(), cheapest.reason(), notes);
  }

  private static Choice withNotesFor(Selection s, Choice choice, String note) {
    Map<Integer, String> notes = new HashMap<>(choice.notes());
    for (Candidate c : s.eligible()) {
      if (c != choice.chosen()) {
        notes.putIfAbsent(c.position(), note);
      }
    }
    return new Choice(choice.chosen(), choice.reason(), notes);
  }
}
