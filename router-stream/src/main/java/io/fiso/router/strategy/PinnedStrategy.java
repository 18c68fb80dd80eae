package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.util.HashMap;
import java.util.Map;

/**
 * PINNED: the policy's first target (the seed's {@code default_provider}). When it is not eligible,
 * the next eligible target in declared order, and the reason says why.
 */
public final class PinnedStrategy implements Strategy {

  @Override
  public RoutingStrategy kind() {
    return RoutingStrategy.PINNED;
  }

  @Override
  public Choice choose(Selection s) {
    Candidate chosen = s.eligible().get(0);
    Candidate first = s.candidates().get(0);
    String reason;
    if (chosen.position() == first.position()) {
      reason = "PINNED to the policy's first target " + chosen.label();
    } else if (!first.eligible()) {
      reason =
          "PINNED: the first target "
              + first.label()
              + " is not eligible ("
              + first.ineligibleReason()
              + "), so the next eligible one in declared order, "
              + chosen.label();
    } else {
      reason =
          "PINNED: " + chosen.label() + " is the first of the preferred targets in declared order";
    }
    Map<Integer, String> notes = new HashMap<>();
    for (Candidate c : s.eligible()) {
      if (c != chosen) {
        notes.put(c.position(), "PINNED uses the first eligible target; this is #" + c.position());
      }
    }
    return new Choice(chosen, reason, notes);
  }
}
