package io.fiso.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.InvocationRequest;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.devstack.kafka.EmbeddedKafka;
import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryException;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.serde.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry on a real broker: schemas in a compacted topic that outlives restarts. */
@FisoKafka
class EmbeddedSchemaRegistryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema V1 = SchemaRegistryApiTest.ORDER_V1;
  private static final Schema V2 = SchemaRegistryApiTest.ORDER_V2;
  private static final Schema INCOMPATIBLE = SchemaRegistryApiTest.ORDER_REQUIRED_TOTAL;

  @Test
  void schemasLiveInACompactedSinglePartitionTopic(KafkaTestEnv kafka) throws Exception {
    // The shared registry created _schemas when it started.
    TopicDescription topic =
        kafka.admin().describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
    Config config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);

    assertThat(topic.partitions()).hasSize(1);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
  }

  @Test
  void registryErrorsReachTheClientWithConfluentCodes(KafkaTestEnv kafka) {
    HttpSchemaRegistryClient client =
        HttpSchemaRegistryClient.builder(kafka.schemaRegistryUrl()).build();
    String subject = kafka.name("orders-value");
    int id = client.register(subject, V1);

    assertThatThrownBy(() -> client.register(subject, INCOMPATIBLE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.isIncompatible()).isTrue();
            });
    assertThatThrownBy(() -> client.getById(Integer.MAX_VALUE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.getLatest(kafka.name("no-such-subject")))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThat(client.register(kafka.name("copy-value"), V1)).isEqualTo(id);
  }

  @Test
  void producerAndConsumerConfiguredByPropertiesRoundTripThroughTheBroker(KafkaTestEnv kafka)
      throws Exception {
    String topic = kafka.name("fiso.invocations");
    kafka.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    InvocationRequest request =
        InvocationRequest.newBuilder()
            .setInvocationId("inv-42")
            .setFunction("checkout")
            .setPayload(ByteBuffer.wrap("{}".getBytes()))
            .setRequestedAt(Instant.parse("2026-11-03T10:15:30.123Z"))
            .setLabels(Map.of("team", "payments"))
            .build();

    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producerConfig.put(
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerConfig.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
    producerConfig.put("schema.registry.url", kafka.schemaRegistryUrl());
    try (KafkaProducer<String, InvocationRequest> producer = new KafkaProducer<>(producerConfig)) {
      producer.send(new ProducerRecord<>(topic, "inv-42", request)).get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic, "inv-42", "not avro".getBytes()))
          .get(30, TimeUnit.SECONDS);
    }

    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    consumerConfig.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerConfig.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName());
    consumerConfig.put("schema.registry.url", kafka.schemaRegistryUrl());
    consumerConfig.put("specific.avro.reader", "true");
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.name("reader"));
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, InvocationRequest> consumer = new KafkaConsumer<>(consumerConfig)) {
      TopicPartition partition = partitionOf(kafka, topic, "inv-42");
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      ConsumerRecord<String, InvocationRequest> first = pollOne(consumer);
      assertThat(first.value()).isEqualTo(request);
    }

    // The raw bytes through FISO's decode path: a poison record named by its real coordinates.
    AvroDeserializer<InvocationRequest> deserializer =
        new AvroDeserializer<>(
            HttpSchemaRegistryClient.builder(kafka.schemaRegistryUrl()).build(),
            InvocationRequest.class);
    try (KafkaConsumer<String, byte[]> rawConsumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition partition = partitionOf(kafka, topic, "inv-42");
      rawConsumer.assign(List.of(partition));
      rawConsumer.seek(partition, 1);
      ConsumerRecord<String, byte[]> poison = pollOne(rawConsumer);
      assertThatThrownBy(() -> deserializer.deserialize(poison))
          .isInstanceOfSatisfying(
              WireFormatException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(WireFormatException.Reason.WRONG_MAGIC_BYTE);
                assertThat(e.getMessage())
                    .contains(
                        "topic " + topic + " partition " + partition.partition() + " offset 1");
              });
    }
  }

  @Test
  void aRegistryStartedOnAnExistingTopicServesItsSchemasAndContinuesTheIds(KafkaTestEnv kafka)
      throws Exception {
    String topic = kafka.name("_schemas");
    EmbeddedSchemaRegistry.Config config =
        EmbeddedSchemaRegistry.Config.kafka(kafka.bootstrapServers()).withTopic(topic);
    int v1;
    int v2;
    try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(config)) {
      HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(first.url()).build();
      v1 = client.register("orders-value", V1);
      v2 = client.register("orders-value", V2);
      client.register("gone-value", V1);
      client.deleteSubject("gone-value");
      client.setCompatibility("orders-value", CompatibilityLevel.FULL);
    }

    try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(config)) {
      HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(second.url()).build();
      assertThat(client.getById(v1)).isEqualTo(V1);
      assertThat(client.getById(v2)).isEqualTo(V2);
      assertThat(client.getSubjects()).containsExactly("orders-value");
      assertThat(client.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.register("other-value", INCOMPATIBLE)).isEqualTo(Math.max(v1, v2) + 1);
    }

    // The records are Confluent's store layout: JSON keys and values.
    List<JsonNode> keys = new ArrayList<>();
    List<JsonNode> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          keys.add(JSON.readTree(r.key()));
          values.add(r.value() == null ? null : JSON.readTree(r.value()));
        }
      }
    }
    assertThat(keys.get(0).toString())
        .isEqualTo(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":1,\"magic\":1}");
    assertThat(values.get(0).get("id").asInt()).isEqualTo(v1);
    assertThat(values.get(0).get("deleted").asBoolean()).isFalse();
    assertThat(new Schema.Parser().parse(values.get(0).get("schema").asText())).isEqualTo(V1);
    assertThat(keys)
        .anySatisfy(
            k ->
                assertThat(k.toString())
                    .isEqualTo(
                        "{\"keytype\":\"CONFIG\",\"subject\":\"orders-value\",\"magic\":0}"));
  }

  @Test
  void aSchemaTopicThatIsNotCompactedIsRefused(KafkaTestEnv kafka) throws Exception {
    String topic = kafka.name("_schemas_deleted_by_retention");
    kafka
        .admin()
        .createTopics(
            List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
        .all()
        .get();

    assertThatThrownBy(
            () ->
                EmbeddedSchemaRegistry.start(
                    EmbeddedSchemaRegistry.Config.kafka(kafka.bootstrapServers()).withTopic(topic)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(topic)
        .hasMessageContaining("cleanup.policy=delete")
        .hasMessageContaining("compact");
  }

  @Test
  void idsResolveToTheSameSchemasAfterBrokerAndRegistryRestartOnTheSameData(@TempDir Path data) {
    EmbeddedKafka.Config brokerConfig = EmbeddedKafka.Config.defaults().withDataDir(data);
    int v1;
    int v2;
    int registryPort;
    try (EmbeddedKafka broker = EmbeddedKafka.start(brokerConfig);
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(broker.bootstrapServers(), 0)) {
      registryPort = registry.port();
      HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();
      v1 = client.register("fiso.orders-value", V1);
      v2 = client.register("fiso.orders-value", V2);
      client.setCompatibility(null, CompatibilityLevel.FULL);
    }

    try (EmbeddedKafka broker = EmbeddedKafka.start(brokerConfig);
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(broker.bootstrapServers(), registryPort)) {
      HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();

      assertThat(registry.port()).isEqualTo(registryPort);
      assertThat(client.getById(v1)).isEqualTo(V1);
      assertThat(client.getById(v2)).isEqualTo(V2);
      assertThat(client.getVersions("fiso.orders-value")).containsExactly(1, 2);
      assertThat(client.lookup("fiso.orders-value", V1).id()).isEqualTo(v1);
      assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.register("fiso.other-value", INCOMPATIBLE))
          .as("new registrations continue the id sequence")
          .isEqualTo(Math.max(v1, v2) + 1);
      assertThat(client.register("fiso.copy-value", V2)).as("same schema, same id").isEqualTo(v2);
    }
  }

  private static TopicPartition partitionOf(KafkaTestEnv kafka, String topic, String key) {
    // Both records share the key, so they are in the same partition; find it by reading both.
    Admin admin = kafka.admin();
    try {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      try (KafkaConsumer<String, byte[]> probe =
          new KafkaConsumer<>(
              Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        for (int p = 0; p < partitions; p++) {
          TopicPartition tp = new TopicPartition(topic, p);
          if (probe.endOffsets(List.of(tp)).get(tp) > 0) {
            return tp;
          }
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no partition of " + topic + " holds " + key);
  }

  private static <K, V> ConsumerRecord<K, V> pollOne(KafkaConsumer<K, V> consumer) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<K, V> r : consumer.poll(Duration.ofMillis(200))) {
        return r;
      }
    }
    throw new AssertionError("no record within 30 s");
  }
}
