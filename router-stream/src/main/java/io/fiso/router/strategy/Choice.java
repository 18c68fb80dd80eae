package io.fiso.router.strategy;

import java.util.Map;

/**
 * A strategy's pick and why.
 *
 * @param chosen one of the selection's eligible candidates
 * @param reason why, in words a person can act on, with the figures compared
 * @param notes why each other eligible candidate (by position) was not chosen
 */
public record Choice(Candidate chosen, String reason, Map<Integer, String> notes) {
  public Choice {
    notes = Map.copyOf(notes);
  }
}
