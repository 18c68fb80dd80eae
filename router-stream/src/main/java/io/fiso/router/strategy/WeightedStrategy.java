package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * WEIGHTED: a deterministic split by invocation id. The id's murmur2 hash (Kafka's partitioner
 * hash), made positive, modulo the eligible targets' total weight picks a slot; each target holds
 * as many consecutive slots as its weight, in declared order. The same id always lands on the same
 * target while the eligible targets and weights stay the same, so a replay routes the same way.
 * When a target is not eligible its share goes to the others in proportion to their weights.
 */
public final class WeightedStrategy implements Strategy {

  @Override
  public RoutingStrategy kind() {
    return RoutingStrategy.WEIGHTED;
  }

  /** The slot, in {@code [0, totalWeight)}, that an invocation id hashes to. */
  public static long slot(String invocationId, long totalWeight) {
    int hash = Utils.toPositive(Utils.murmur2(invocationId.getBytes(StandardCharsets.UTF_8)));
    return hash % totalWeight;
  }

  @Override
  public boolean usesInvocationId() {
    return true;
  }

  @Override
  public Choice choose(Selection s) {
    long total = 0;
    for (Candidate c : s.eligible()) {
      total += Math.max(0, c.target().getWeight());
    }
    Map<Integer, String> notes = new HashMap<>();
    if (total <= 0) {
      Candidate chosen = s.eligible().get(0);
      for (Candidate c : s.eligible()) {
        if (c != chosen) {
          notes.put(c.position(), "weight 0; the first eligible target was used");
        }
      }
      return new Choice(
          chosen,
          "WEIGHTED: every eligible target has weight 0 (the weighted ones are not eligible), so"
              + " the first eligible target in declared order, "
              + chosen.label(),
          notes);
    }
    long slot = slot(s.invocationId(), total);
    long start = 0;
    Candidate chosen = null;
    long chosenStart = 0;
    for (Candidate c : s.eligible()) {
      long weight = Math.max(0, c.target().getWeight());
      if (chosen == null && slot < start + weight) {
        chosen = c;
        chosenStart = start;
      }
      start += weight;
    }
    boolean redistributed = s.candidates().stream().anyMatch(c -> !s.eligible().contains(c));
    long weight = chosen.target().getWeight();
    String reason =
        "WEIGHTED: invocation id hashes to slot "
            + slot
            + " of "
            + total
            + "; "
            + chosen.label()
            + " holds slots "
            + chosenStart
            + "-"
            + (chosenStart + weight - 1)
            + " (weight "
            + weight
            + " of "
            + total
            + ")"
            + (redistributed
                ? "; the weights of targets not eligible or not preferred are shared out among the"
                    + " rest"
                : "");
    for (Candidate c : s.eligible()) {
      if (c != chosen) {
        notes.put(
            c.position(),
            "weight "
                + c.target().getWeight()
                + " of "
                + total
                + "; this invocation's slot "
                + slot
                + " belongs to "
                + chosen.label());
      }
    }
    return new Choice(chosen, reason, notes);
  }
}
