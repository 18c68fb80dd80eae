package io.fiso.costs;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroSerdes;
import io.fiso.schemas.serde.SerdeTopic;
import io.fiso.schemas.topic.TopicCatalog;
import java.util.Objects;

/** The topics the cost-ingestor reads and writes, each bound to its serdes. */
public record CostIngestorTopics(
    SerdeTopic<CostEvent> costs,
    SerdeTopic<PriceSheet> prices,
    SerdeTopic<RoutingPolicy> policies,
    SerdeTopic<ProviderStats> providerStats,
    SerdeTopic<BudgetStatus> budgetStatus,
    SerdeTopic<FinOpsAlert> alerts,
    SerdeTopic<DeadLetter> deadLetter) {

  public CostIngestorTopics {
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(providerStats, "providerStats");
    Objects.requireNonNull(budgetStatus, "budgetStatus");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(deadLetter, "deadLetter");
  }

  /**
   * Binds {@code catalog}'s topics to Avro serdes on {@code registry}.
   *
   * @param autoRegister whether the schemas of the records written are registered on first use
   */
  public static CostIngestorTopics bind(
      TopicCatalog catalog, SchemaRegistryClient registry, boolean autoRegister) {
    return new CostIngestorTopics(
        AvroSerdes.bind(catalog.costs(), registry, autoRegister),
        AvroSerdes.bind(catalog.prices(), registry, autoRegister),
        AvroSerdes.bind(catalog.policies(), registry, autoRegister),
        AvroSerdes.bind(catalog.providerStats(), registry, autoRegister),
        AvroSerdes.bind(catalog.budgetStatus(), registry, autoRegister),
        AvroSerdes.bind(catalog.alerts(), registry, autoRegister),
        AvroSerdes.bind(catalog.deadLetter(), registry, autoRegister));
  }
}
