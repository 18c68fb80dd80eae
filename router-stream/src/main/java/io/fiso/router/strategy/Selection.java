package io.fiso.router.strategy;

import io.fiso.avro.RoutingPolicy;
import java.util.List;

/**
 * What a strategy chooses from.
 *
 * @param invocationId the invocation's id (WEIGHTED hashes it)
 * @param policy the policy applied
 * @param candidates every target of the policy, in declared order, eligible or not
 * @param eligible the targets the strategy may choose from, in declared order; never empty (when
 *     the request's hints matched, only the preferred targets)
 */
public record Selection(
    String invocationId,
    RoutingPolicy policy,
    List<Candidate> candidates,
    List<Candidate> eligible) {

  public Selection {
    candidates = List.copyOf(candidates);
    eligible = List.copyOf(eligible);
    if (eligible.isEmpty()) {
      throw new IllegalArgumentException("a strategy needs at least one eligible target");
    }
  }
}
