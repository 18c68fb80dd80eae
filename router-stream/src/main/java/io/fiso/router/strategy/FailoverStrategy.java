package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FAILOVER: the first eligible (and so healthy) target by priority, lower first; equal priorities
 * keep declared order. The reason names the targets passed over and why.
 */
public final class FailoverStrategy implements Strategy {

  static final Comparator<Candidate> BY_PRIORITY =
      Comparator.<Candidate>comparingInt(c -> c.target().getPriority())
          .thenComparingInt(Candidate::position);

  @Override
  public RoutingStrategy kind() {
    return RoutingStrategy.FAILOVER;
  }

  @Override
  public Choice choose(Selection s) {
    Candidate chosen = s.eligible().stream().min(BY_PRIORITY).orElseThrow();
    List<String> skipped = new ArrayList<>();
    for (Candidate c : s.candidates().stream().sorted(BY_PRIORITY).toList()) {
      if (c == chosen) {
        break;
      }
      if (!c.eligible()) {
        skipped.add(
            c.label() + " (priority " + c.target().getPriority() + "): " + c.ineligibleReason());
      } else if (!s.eligible().contains(c)) {
        skipped.add(c.label() + " (priority " + c.target().getPriority() + "): not preferred");
      }
    }
    String reason =
        "FAILOVER: "
            + chosen.label()
            + " is the first eligible target by priority (priority "
            + chosen.target().getPriority()
            + ")"
            + (skipped.isEmpty() ? "" : "; passed over " + String.join("; ", skipped));
    Map<Integer, String> notes = new HashMap<>();
    for (Candidate c : s.eligible()) {
      if (c != chosen) {
        notes.put(
            c.position(),
            "standby: priority "
                + c.target().getPriority()
                + ", after "
                + chosen.label()
                + " (priority "
                + chosen.target().getPriority()
                + ")");
      }
    }
    return new Choice(chosen, reason, notes);
  }
}
