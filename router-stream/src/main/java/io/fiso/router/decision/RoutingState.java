package io.fiso.router.decision;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.router.cost.CostModel;
import java.util.Optional;

/**
 * What the router knows when it decides: the latest record of each compacted input topic. In the
 * running application these are the global stores; in tests, maps.
 */
public interface RoutingState {

  /** The policy stored under {@code function} (a function name, or {@code *}). */
  Optional<RoutingPolicy> policy(String function);

  /** The measured statistics of {@code function} on one provider and region. */
  Optional<ProviderStats> stats(String function, Provider provider, String region);

  /** The status of the budget with this scope ({@code function:NAME}, {@code label:K=V}). */
  Optional<BudgetStatus> budget(String scope);

  /** Prices targets from the current price sheets. */
  CostModel costModel();
}
