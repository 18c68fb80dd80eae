package io.fiso.schemas.topic;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The set of topics one FISO deployment uses. {@link #DEFAULT} holds the contract's names; {@link
 * #withPrefix(String)} gives an isolated copy (tests, or several deployments on one cluster).
 */
public record TopicCatalog(
    TopicSpec<InvocationRequest> invocations,
    TopicSpec<RoutingPolicy> policies,
    TopicSpec<RoutedInvocation> routedAws,
    TopicSpec<RoutedInvocation> routedAzure,
    TopicSpec<RoutedInvocation> routedGcp,
    TopicSpec<InvocationResult> results,
    TopicSpec<CostEvent> costs,
    TopicSpec<ProviderStats> providerStats,
    TopicSpec<PriceSheet> prices,
    TopicSpec<BudgetStatus> budgetStatus,
    TopicSpec<FinOpsAlert> alerts,
    TopicSpec<DeadLetter> deadLetter) {

  public static final TopicCatalog DEFAULT =
      new TopicCatalog(
          Topics.INVOCATIONS,
          Topics.POLICIES,
          Topics.ROUTED_AWS,
          Topics.ROUTED_AZURE,
          Topics.ROUTED_GCP,
          Topics.RESULTS,
          Topics.COSTS,
          Topics.PROVIDER_STATS,
          Topics.PRICES,
          Topics.BUDGET_STATUS,
          Topics.ALERTS,
          Topics.DEADLETTER);

  /** The setting that prefixes every topic name (env {@code FISO_TOPIC_PREFIX}). */
  public static final String PREFIX_SETTING = "topic.prefix";

  /** {@link #DEFAULT}, or its copy with every name prefixed when {@code prefix} is not empty. */
  public static TopicCatalog prefixed(String prefix) {
    return prefix == null || prefix.isEmpty() ? DEFAULT : DEFAULT.withPrefix(prefix);
  }

  /** Every topic of this catalog. */
  public List<TopicSpec<?>> all() {
    return List.of(
        invocations,
        policies,
        routedAws,
        routedAzure,
        routedGcp,
        results,
        costs,
        providerStats,
        prices,
        budgetStatus,
        alerts,
        deadLetter);
  }

  /** The routed topic that a provider's worker group consumes. */
  public TopicSpec<RoutedInvocation> routed(Provider provider) {
    return switch (provider) {
      case AWS -> routedAws;
      case AZURE -> routedAzure;
      case GCP -> routedGcp;
    };
  }

  /** Looks a topic up by name. */
  public Optional<TopicSpec<?>> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The same catalog with every name prefixed, e.g. {@code "t7."} gives {@code t7.fiso.costs}. */
  public TopicCatalog withPrefix(String prefix) {
    return new TopicCatalog(
        prefixed(invocations, prefix),
        prefixed(policies, prefix),
        prefixed(routedAws, prefix),
        prefixed(routedAzure, prefix),
        prefixed(routedGcp, prefix),
        prefixed(results, prefix),
        prefixed(costs, prefix),
        prefixed(providerStats, prefix),
        prefixed(prices, prefix),
        prefixed(budgetStatus, prefix),
        prefixed(alerts, prefix),
        prefixed(deadLetter, prefix));
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> TopicSpec<V> prefixed(
      TopicSpec<V> spec, String prefix) {
    return new TopicSpec<>(
        prefix + spec.name(),
        spec.valueType(),
        spec.partitions(),
        spec.cleanupPolicy(),
        spec.retention(),
        spec.description());
  }
}
