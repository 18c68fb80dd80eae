package io.fiso.costs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.topic.TopicCatalog;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class CostIngestorTopologyTest {

  private final CostIngestorConfig config = CostIngestorConfig.defaults("unused:9092");
  private final CostIngestorTopics topics =
      CostIngestorTopics.bind(TopicCatalog.DEFAULT, new InMemorySchemaRegistry(), true);

  @Test
  void everyProcessorStoreAndRepartitionTopicHasItsSharedName() {
    TopologyDescription d = CostIngestorTopology.build(config, topics).describe();
    Set<String> nodes = new TreeSet<>();
    Set<String> stores = new TreeSet<>();
    Set<String> topicsWritten = new TreeSet<>();
    for (TopologyDescription.Subtopology s : d.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        nodes.add(n.name());
        if (n instanceof TopologyDescription.Processor p) {
          stores.addAll(p.stores());
        }
        if (n instanceof TopologyDescription.Sink sink) {
          topicsWritten.add(sink.topic());
        }
      }
    }
    assertThat(nodes).allSatisfy(n -> assertThat(n).doesNotContain("KSTREAM-", "KTABLE-"));
    assertThat(stores)
        .contains(
            CostIngestorNames.DEDUP_STORE,
            CostIngestorNames.STATS_STORE,
            CostIngestorNames.ROLLUP_MINUTE_STORE,
            CostIngestorNames.ROLLUP_HOUR_STORE,
            CostIngestorNames.BUDGET_STORE);
    assertThat(topicsWritten)
        .containsExactlyInAnyOrder(
            "fiso.deadletter",
            "fiso.provider-stats",
            "fiso.alerts",
            "fiso.budget-status",
            CostIngestorNames.STATS_REPARTITION + "-repartition",
            CostIngestorNames.ROLLUP_GROUP + "-repartition",
            CostIngestorNames.BUDGET_REPARTITION + "-repartition");
    assertThat(d.globalStores()).hasSize(2);
  }
}
