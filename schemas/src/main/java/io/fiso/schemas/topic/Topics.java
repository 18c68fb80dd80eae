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
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The default topic catalog: every topic FISO reads or writes, in one place. Names are part of the
 * contract with users (docs/architecture.md); partition counts and retention are defaults. Services
 * take a {@link TopicCatalog} (this catalog, or a prefixed copy for isolated tests).
 */
public final class Topics {

  private static final Duration WEEK = Duration.ofDays(7);

  public static final TopicSpec<InvocationRequest> INVOCATIONS =
      new TopicSpec<>(
          "fiso.invocations",
          InvocationRequest.class,
          6,
          TopicSpec.DELETE,
          WEEK,
          "Invocation requests from users, the control plane and failover; key = invocation id.");
  public static final TopicSpec<RoutingPolicy> POLICIES =
      new TopicSpec<>(
          "fiso.policies",
          RoutingPolicy.class,
          1,
          TopicSpec.COMPACT,
          null,
          "Routing policy per function ('*' = default); null value deletes; key = function.");
  public static final TopicSpec<RoutedInvocation> ROUTED_AWS = newRouted(Provider.AWS);
  public static final TopicSpec<RoutedInvocation> ROUTED_AZURE = newRouted(Provider.AZURE);
  public static final TopicSpec<RoutedInvocation> ROUTED_GCP = newRouted(Provider.GCP);
  public static final TopicSpec<InvocationResult> RESULTS =
      new TopicSpec<>(
          "fiso.results",
          InvocationResult.class,
          6,
          TopicSpec.DELETE,
          WEEK,
          "One or more results per invocation (success, error, timeout, rejection); key = invocation"
              + " id.");
  public static final TopicSpec<CostEvent> COSTS =
      new TopicSpec<>(
          "fiso.costs",
          CostEvent.class,
          6,
          TopicSpec.DELETE,
          Duration.ofDays(400),
          "FOCUS-aligned cost of every attempt that reached a provider; the replay source; key ="
              + " invocation id.");
  public static final TopicSpec<ProviderStats> PROVIDER_STATS =
      new TopicSpec<>(
          "fiso.provider-stats",
          ProviderStats.class,
          1,
          TopicSpec.COMPACT,
          null,
          "Decayed statistics per function/provider/region, read by the router.");
  public static final TopicSpec<PriceSheet> PRICES =
      new TopicSpec<>(
          "fiso.prices",
          PriceSheet.class,
          1,
          TopicSpec.COMPACT,
          null,
          "Price sheet per provider/region/architecture; newest version wins.");
  public static final TopicSpec<BudgetStatus> BUDGET_STATUS =
      new TopicSpec<>(
          "fiso.budget-status",
          BudgetStatus.class,
          1,
          TopicSpec.COMPACT,
          null,
          "Spend, forecast and state of every budget; key = budget scope.");
  public static final TopicSpec<FinOpsAlert> ALERTS =
      new TopicSpec<>(
          "fiso.alerts",
          FinOpsAlert.class,
          1,
          TopicSpec.DELETE,
          Duration.ofDays(30),
          "Budget and provider-health alerts; key = scope.");
  public static final TopicSpec<DeadLetter> DEADLETTER =
      new TopicSpec<>(
          "fiso.deadletter",
          DeadLetter.class,
          1,
          TopicSpec.DELETE,
          Duration.ofDays(30),
          "Records a stage could not process, with their coordinates and the error.");

  /** Every topic, in the order of the architecture's table. */
  public static final List<TopicSpec<?>> ALL =
      List.of(
          INVOCATIONS,
          POLICIES,
          ROUTED_AWS,
          ROUTED_AZURE,
          ROUTED_GCP,
          RESULTS,
          COSTS,
          PROVIDER_STATS,
          PRICES,
          BUDGET_STATUS,
          ALERTS,
          DEADLETTER);

  private Topics() {}

  private static TopicSpec<RoutedInvocation> newRouted(Provider provider) {
    String suffix = provider.name().toLowerCase(Locale.ROOT);
    return new TopicSpec<>(
        "fiso.routed." + suffix,
        RoutedInvocation.class,
        6,
        TopicSpec.DELETE,
        WEEK,
        "Invocations the router sent to "
            + provider
            + "; consumed by the "
            + suffix
            + " worker group; key = invocation id.");
  }
}
