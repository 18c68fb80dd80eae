package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FASTEST: the eligible target with the lowest measured p95 latency (fiso.provider-stats). Targets
 * without measurements are not compared; when none is measured, the first eligible target in
 * declared order, and the reason says so.
 */
public final class FastestStrategy implements Strategy {

  static final Comparator<Candidate> BY_P95 =
      Comparator.comparing(Candidate::p95LatencyMs).thenComparingInt(Candidate::position);

  @Override
  public RoutingStrategy kind() {
    return RoutingStrategy.FASTEST;
  }

  @Override
  public Choice choose(Selection s) {
    return fastestOf(s.eligible(), "FASTEST: ", "");
  }

  /** The fastest measured of {@code pool} (never empty); shared with CHEAPEST_WITHIN_SLO. */
  static Choice fastestOf(List<Candidate> pool, String prefix, String context) {
    Optional<Candidate> fastest = pool.stream().filter(Candidate::hasLatency).min(BY_P95);
    Map<Integer, String> notes = new HashMap<>();
    if (fastest.isEmpty()) {
      Candidate chosen = pool.get(0);
      for (Candidate c : pool) {
        if (c != chosen) {
          notes.put(c.position(), "no latency measured yet");
        }
      }
      return new Choice(
          chosen,
          prefix
              + "no latency has been measured yet for any eligible target (fiso.provider-stats has"
              + " nothing for them), so the first in declared order, "
              + chosen.label(),
          notes);
    }
    Candidate chosen = fastest.get();
    StringBuilder reason =
        new StringBuilder(prefix)
            .append(context)
            .append(chosen.label())
            .append(" has the lowest measured p95 latency, ")
            .append(Figures.ms(chosen.p95LatencyMs()))
            .append(" over ")
            .append(chosen.measuredInvocations())
            .append(" attempts");
    pool.stream()
        .filter(c -> c != chosen && c.hasLatency())
        .min(BY_P95)
        .ifPresent(
            next ->
                reason
                    .append("; next: ")
                    .append(next.label())
                    .append(" at ")
                    .append(Figures.ms(next.p95LatencyMs())));
    long unmeasured = pool.stream().filter(c -> !c.hasLatency()).count();
    if (unmeasured > 0) {
      reason.append("; ").append(unmeasured).append(" not measured yet");
    }
    for (Candidate c : pool) {
      if (c != chosen) {
        notes.put(
            c.position(),
            c.hasLatency()
                ? "p95 "
                    + Figures.ms(c.p95LatencyMs())
                    + ", slower than "
                    + chosen.label()
                    + " ("
                    + Figures.ms(chosen.p95LatencyMs())
                    + ")"
                : "no latency measured yet");
      }
    }
    return new Choice(chosen, reason.toString(), notes);
  }
}
