package io.fiso.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@FisoKafka
class KafkaExtensionIT {

  private KafkaTestEnv fromBeforeEach;

  @BeforeEach
  void remember(KafkaTestEnv kafka) {
    fromBeforeEach = kafka;
  }

  @Test
  void aTestGetsTheCatalogUnderItsOwnPrefixWithTopicsCreated(KafkaTestEnv kafka) throws Exception {
    TopicCatalog topics = kafka.topics();

    assertThat(kafka.topicPrefix()).matches("t\\d+-aTestGetsTheCatalogUnderItsOwnPrefixWith\\.");
    assertThat(topics.costs().name()).isEqualTo(kafka.topicPrefix() + "fiso.costs");
    Set<String> live = kafka.admin().listTopics().names().get();
    assertThat(live).containsAll(topics.all().stream().map(TopicSpec::name).toList());
  }

  @Test
  void beforeEachAndTheTestShareOneEnvironment(KafkaTestEnv kafka) {
    assertThat(fromBeforeEach).isSameAs(kafka);
    assertThat(kafka.name("group")).isEqualTo(kafka.topicPrefix() + "group");
    assertThat(kafka.clientProperties())
        .containsEntry("bootstrap.servers", kafka.bootstrapServers());
    assertThat(kafka.settings().bootstrapServers()).isEqualTo(kafka.bootstrapServers());
    assertThat(kafka.settings().schemaRegistryUrl()).isEqualTo(kafka.schemaRegistryUrl());
  }

  @Test
  void theSchemaRegistryAnswersConfluentRequests(KafkaTestEnv kafka) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(kafka.schemaRegistryUrl() + "/subjects"))
                    .header("Accept", "application/vnd.schemaregistry.v1+json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("[");
  }

  @Test
  void closingAnEnvironmentDeletesItsTopicsOnly(KafkaTestEnv kafka) throws Exception {
    KafkaTestEnv other = new KafkaTestEnv(kafka.shared(), kafka.topicPrefix() + "other.");
    other.topics();
    kafka.topics();

    other.close();

    Set<String> live = kafka.admin().listTopics().names().get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (live.stream().anyMatch(name -> name.startsWith(other.topicPrefix()))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      live = kafka.admin().listTopics().names().get();
    }
    assertThat(live).noneMatch(name -> name.startsWith(other.topicPrefix()));
    assertThat(live).contains(kafka.topics().invocations().name());
  }
}
