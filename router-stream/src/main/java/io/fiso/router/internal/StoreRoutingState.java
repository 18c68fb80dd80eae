package io.fiso.router.internal;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.router.cost.CostModel;
import io.fiso.router.decision.RoutingState;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The router's {@link RoutingState}: the global stores as they are now. */
final class StoreRoutingState implements RoutingState {

  private final ReadOnlyKeyValueStore<String, RoutingPolicy> policies;
  private final ReadOnlyKeyValueStore<String, ProviderStats> stats;
  private final ReadOnlyKeyValueStore<String, BudgetStatus> budgets;
  private final CostModel costModel;

  StoreRoutingState(
      ReadOnlyKeyValueStore<String, RoutingPolicy> policies,
      ReadOnlyKeyValueStore<String, ProviderStats> stats,
      ReadOnlyKeyValueStore<String, BudgetStatus> budgets,
      CostModel costModel) {
    this.policies = policies;
    this.stats = stats;
    this.budgets = budgets;
    this.costModel = costModel;
  }

  @Override
  public Optional<RoutingPolicy> policy(String function) {
    return Optional.ofNullable(policies.get(function));
  }

  @Override
  public Optional<ProviderStats> stats(String function, Provider provider, String region) {
    return Optional.ofNullable(stats.get(StoreKeys.stats(function, provider, region)));
  }

  @Override
  public Optional<BudgetStatus> budget(String scope) {
    return Optional.ofNullable(budgets.get(scope));
  }

  @Override
  public CostModel costModel() {
    return costModel;
  }
}
