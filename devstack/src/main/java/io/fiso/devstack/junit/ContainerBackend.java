package io.fiso.devstack.junit;

import io.fiso.devstack.kafka.EmbeddedKafka;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka in a Docker container through Testcontainers' Kafka module ({@code apache/kafka} image of
 * the client's version, or {@code FISO_TEST_KAFKA_IMAGE}), set up like the embedded broker: one
 * node, share groups usable, no auto-created topics. Only loaded when asked for.
 */
final class ContainerBackend implements KafkaBackend {

  static final String IMAGE_ENV = "FISO_TEST_KAFKA_IMAGE";

  private final KafkaContainer container;
  private final String image;

  ContainerBackend(Map<String, String> env) {
    this.image = env.getOrDefault(IMAGE_ENV, "apache/kafka:" + EmbeddedKafka.kafkaVersion());
    KafkaContainer kafka =
        new KafkaContainer(image)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    kafka.start();
    this.container = kafka;
  }

  /** True when Testcontainers finds a Docker engine (it probes once per JVM). */
  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public String description() {
    return "Testcontainers " + image + " at " + bootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
