package io.fiso.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker itself. Round trips use the JVM's shared broker (through {@link FisoKafka}); the
 * restart and temporary-directory tests start their own.
 */
@FisoKafka
class EmbeddedKafkaIT {

  @Test
  void producerAndConsumerRoundTrip(KafkaTestEnv kafka) throws Exception {
    String topic = kafka.name("round-trip");
    createTopic(kafka.bootstrapServers(), topic);
    produce(kafka.bootstrapServers(), topic, "k1", "hello");

    assertThat(consumeAll(kafka.bootstrapServers(), topic, 1)).containsExactly("k1=hello");
  }

  @Test
  void shareConsumerReceivesAndAcceptsARecord(KafkaTestEnv kafka) throws Exception {
    String topic = kafka.name("queue");
    createTopic(kafka.bootstrapServers(), topic);
    String group = kafka.name("workers");
    try (Admin admin = admin(kafka.bootstrapServers())) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
      admin
          .incrementalAlterConfigs(
              Map.of(
                  resource,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("share.auto.offset.reset", "earliest"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
    }
    produce(kafka.bootstrapServers(), topic, "inv-1", "payload");

    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            "share.acknowledgement.mode",
            "explicit");
    try (KafkaShareConsumer<String, String> consumer =
        new KafkaShareConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      List<ConsumerRecord<String, String>> received = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          received.add(record);
          consumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
      }
      Map<TopicIdPartition, Optional<KafkaException>> committed =
          consumer.commitSync(Duration.ofSeconds(10));

      assertThat(received).extracting(ConsumerRecord::value).containsExactly("payload");
      assertThat(received.get(0).deliveryCount()).contains((short) 1);
      assertThat(committed.values()).allSatisfy(result -> assertThat(result).isEmpty());
    }
  }

  @Test
  void shareGroupsAndTheStreamsProtocolAreEnabled(KafkaTestEnv kafka) throws Exception {
    Map<String, FinalizedVersionRange> features =
        kafka.admin().describeFeatures().featureMetadata().get().finalizedFeatures();

    assertThat(features.get("share.version")).isNotNull();
    assertThat(features.get("share.version").maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
    assertThat(features.get("streams.version")).isNotNull();
    assertThat(features.get("streams.version").maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
  }

  @Test
  void restartOnTheSameDataDirKeepsRecords(@TempDir Path dir) throws Exception {
    Path dataDir = dir.resolve("kafka");
    String firstClusterId;
    try (EmbeddedKafka first =
        EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withDataDir(dataDir))) {
      firstClusterId = first.clusterId();
      createTopic(first.bootstrapServers(), "kept");
      produce(first.bootstrapServers(), "kept", "k", "survives");
    }
    try (EmbeddedKafka second =
        EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withDataDir(dataDir))) {
      assertThat(consumeAll(second.bootstrapServers(), "kept", 1)).containsExactly("k=survives");
      assertThat(second.clusterId()).isEqualTo(firstClusterId);
    }
    assertThat(dataDir).isDirectory();
  }

  @Test
  void temporaryDataDirIsDeletedOnClose() {
    Path dataDir;
    try (EmbeddedKafka temporary = EmbeddedKafka.start(EmbeddedKafka.Config.defaults())) {
      dataDir = temporary.dataDir();
      assertThat(dataDir).isDirectory();
    }
    assertThat(Files.exists(dataDir)).isFalse();
  }

  @Test
  void aPortInUseFailsNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withPort(port)))
          .isInstanceOf(EmbeddedKafkaException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("already in use");
    }
  }

  static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  static void createTopic(String bootstrapServers, String topic) throws Exception {
    try (Admin admin = admin(bootstrapServers)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  static void produce(String bootstrapServers, String topic, String key, String value)
      throws Exception {
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  static List<String> consumeAll(String bootstrapServers, String topic, int expected) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader-" + topic,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.key() + "=" + r.value()));
      }
    }
    return seen;
  }
}
