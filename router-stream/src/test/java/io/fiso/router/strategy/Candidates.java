package io.fiso.router.strategy;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Builds selections for strategy tests. */
final class Candidates {

  private final List<Candidate> all = new ArrayList<>();

  static Candidates of() {
    return new Candidates();
  }

  Candidates add(FunctionTarget target, String cost, Double p95) {
    return add(target, cost, p95, null);
  }

  Candidates add(FunctionTarget target, String cost, Double p95, String ineligible) {
    int position = all.size() + 1;
    String label = target.getProvider().name().toLowerCase() + "/" + target.getRegion();
    all.add(
        new Candidate(
            position,
            label,
            target,
            ineligible,
            cost == null ? null : new BigDecimal(cost),
            cost == null ? "no price sheet" : "128 MB x 100 ms",
            p95,
            p95 == null ? 0 : 100));
    return this;
  }

  Selection selection(String invocationId, RoutingPolicy policy) {
    return new Selection(
        invocationId, policy, all, all.stream().filter(Candidate::eligible).toList());
  }
}
