package io.fiso.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.schemas.topic.TopicAdmin;
import io.fiso.schemas.topic.TopicAdmin.Difference;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** {@link TopicAdmin#ensureTopics} against a real broker. */
@FisoKafka
class TopicAdminIT {

  @Test
  void createsEveryCatalogTopicWithItsPartitionsAndConfigs(KafkaTestEnv kafka) throws Exception {
    TopicCatalog catalog = TopicCatalog.DEFAULT.withPrefix(kafka.topicPrefix());

    TopicAdmin.Report report = TopicAdmin.ensureTopics(kafka.admin(), catalog.all(), (short) 1);
    kafka.awaitTopics(names(catalog));

    assertThat(report.created()).containsExactlyInAnyOrderElementsOf(names(catalog));
    assertThat(report.existing()).isEmpty();
    assertThat(report.consistent()).isTrue();
    TopicDescription costs =
        kafka
            .admin()
            .describeTopics(List.of(catalog.costs().name()))
            .allTopicNames()
            .get()
            .get(catalog.costs().name());
    assertThat(costs.partitions()).hasSize(catalog.costs().partitions());
    Config policies = topicConfig(kafka, catalog.policies().name());
    assertThat(policies.get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void aSecondRunCreatesNothing(KafkaTestEnv kafka) throws Exception {
    TopicCatalog catalog = TopicCatalog.DEFAULT.withPrefix(kafka.topicPrefix());
    TopicAdmin.ensureTopics(kafka.admin(), catalog.all(), (short) 1);
    kafka.awaitTopics(names(catalog));

    TopicAdmin.Report again = TopicAdmin.ensureTopics(kafka.admin(), catalog.all(), (short) 1);

    assertThat(again.created()).isEmpty();
    assertThat(again.existing()).containsExactlyInAnyOrderElementsOf(names(catalog));
    assertThat(again.differences()).isEmpty();
  }

  @Test
  void aTopicThatDiffersIsReportedAndLeftAlone(KafkaTestEnv kafka) throws Exception {
    TopicCatalog catalog = TopicCatalog.DEFAULT.withPrefix(kafka.topicPrefix());
    TopicSpec<?> policies = catalog.policies(); // catalog: 1 partition, compact
    kafka
        .admin()
        .createTopics(
            List.of(
                new NewTopic(policies.name(), 3, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete"))))
        .all()
        .get();
    kafka.awaitTopics(List.of(policies.name()));

    TopicAdmin.Report report = TopicAdmin.ensureTopics(kafka.admin(), catalog.all(), (short) 1);

    assertThat(report.consistent()).isFalse();
    assertThat(report.existing()).containsExactly(policies.name());
    assertThat(report.differences())
        .contains(
            new Difference(policies.name(), "partitions", "1", "3"),
            new Difference(policies.name(), "cleanup.policy", "compact", "delete"));
    assertThat(report.differences()).allMatch(d -> d.topic().equals(policies.name()));
    // Reported, not changed.
    assertThat(topicConfig(kafka, policies.name()).get("cleanup.policy").value())
        .isEqualTo("delete");
    assertThat(
            kafka
                .admin()
                .describeTopics(List.of(policies.name()))
                .allTopicNames()
                .get()
                .get(policies.name())
                .partitions())
        .hasSize(3);
  }

  private static List<String> names(TopicCatalog catalog) {
    return catalog.all().stream().map(TopicSpec::name).toList();
  }

  private static Config topicConfig(KafkaTestEnv kafka, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
  }
}
