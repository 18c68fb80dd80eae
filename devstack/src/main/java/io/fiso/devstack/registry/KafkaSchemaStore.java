package io.fiso.devstack.registry;

import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: a single-partition compacted topic written synchronously (acks=all,
 * idempotent producer) before a change is applied, and read from the beginning to its end offset at
 * start-up. One registry writes to a topic at a time.
 */
final class KafkaSchemaStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);

  private final String bootstrapServers;
  private final String topic;
  private final short replicationFactor;
  private final Map<String, Object> clientProperties;
  private final Duration timeout;
  private KafkaProducer<byte[], byte[]> producer;

  KafkaSchemaStore(
      String bootstrapServers,
      String topic,
      short replicationFactor,
      Map<String, Object> clientProperties,
      Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.replicationFactor = replicationFactor;
    this.clientProperties = Map.copyOf(clientProperties);
    this.timeout = timeout;
  }

  String topic() {
    return topic;
  }

  /** Creates the topic when missing; fails when it exists but cannot be a schema store. */
  void ensureTopic() {
    try (Admin admin = Admin.create(clientConfig("admin"))) {
      Optional<TopicDescription> existing = describe(admin);
      if (existing.isEmpty()) {
        NewTopic newTopic =
            new NewTopic(topic, 1, replicationFactor)
                .configs(
                    Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                        replicationFactor > 1 ? "2" : "1"));
        try {
          admin.createTopics(List.of(newTopic)).all().get(millis(), TimeUnit.MILLISECONDS);
          log.info(
              "Created the schema store topic {} (1 partition, compacted, replication {})",
              topic,
              replicationFactor);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw failure("create the schema store topic " + topic, e.getCause());
          }
        }
        // A new topic reaches the metadata the describe reads a moment after the create returns.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis());
        existing = describe(admin);
        while (existing.isEmpty() && System.nanoTime() - deadline < 0) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("wait for the schema store topic " + topic, e);
          }
          existing = describe(admin);
        }
      }
      TopicDescription description =
          existing.orElseThrow(
              () -> failure("find the schema store topic " + topic + " after creating it", null));
      if (description.partitions().size() != 1) {
        throw new IllegalStateException(
            "The schema store topic "
                + topic
                + " has "
                + description.partitions().size()
                + " partitions; it needs exactly 1 so that changes keep their order. Use another"
                + " topic (EmbeddedSchemaRegistry.Config#withTopic) or recreate it.");
      }
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(millis(), TimeUnit.MILLISECONDS)
              .get(resource);
      ConfigEntry cleanup = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      if (cleanup == null || !cleanup.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        throw new IllegalStateException(
            "The schema store topic "
                + topic
                + " has cleanup.policy="
                + (cleanup == null ? "(unknown)" : cleanup.value())
                + "; it must be compact, or retention would delete registered schemas. Fix it"
                + " with: kafka-configs --bootstrap-server "
                + bootstrapServers
                + " --alter --entity-type topics --entity-name "
                + topic
                + " --add-config cleanup.policy=compact");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw failure("check the schema store topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("check the schema store topic " + topic, e);
    }
  }

  private Optional<TopicDescription> describe(Admin admin)
      throws InterruptedException, TimeoutException {
    try {
      return Optional.of(
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(millis(), TimeUnit.MILLISECONDS)
              .get(topic));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw failure("describe the schema store topic " + topic, e.getCause());
    }
  }

  /**
   * Applies every record of the topic, from the beginning to the end offset read at the start, to
   * the registry. Returns the number of records read.
   */
  int replay(InMemorySchemaRegistry registry) {
    Map<String, Object> config = clientConfig("reader");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Timed out after "
                  + timeout.toSeconds()
                  + " s reading the schema store topic "
                  + topic
                  + " at "
                  + bootstrapServers
                  + " to its end offsets "
                  + end);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(registry, record);
          count++;
        }
      }
    }
    return count;
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(InMemorySchemaRegistry registry, ConsumerRecord<byte[], byte[]> record) {
    SchemaLogFormat.LogRecord parsed;
    try {
      parsed = SchemaLogFormat.read(record.key(), record.value());
    } catch (RuntimeException e) {
      // Skipping it could hand its id to another schema: stop instead.
      throw new IllegalStateException(
          "Cannot read the schema store record at topic "
              + record.topic()
              + " partition "
              + record.partition()
              + " offset "
              + record.offset()
              + ": "
              + e.getMessage(),
          e);
    }
    if (parsed instanceof SchemaLogFormat.SchemaRecord s) {
      registry.restore(s.entry());
    } else if (parsed instanceof SchemaLogFormat.ConfigRecord c) {
      registry.restoreCompatibility(c.subject(), c.level());
    } else if (parsed instanceof SchemaLogFormat.Skipped s) {
      log.debug(
          "Skipped {} at {}-{} offset {}",
          s.why(),
          record.topic(),
          record.partition(),
          record.offset());
    }
  }

  /** Writes a schema version and waits until the broker has it (acks=all). */
  void write(InMemorySchemaRegistry.Entry entry) {
    send(
        SchemaLogFormat.schemaKey(entry.subject(), entry.version()),
        SchemaLogFormat.schemaValue(entry),
        "subject " + entry.subject() + " version " + entry.version());
  }

  /** Writes a compatibility level (subject null = global, level null = removed). */
  void write(String subject, CompatibilityLevel level) {
    send(
        SchemaLogFormat.configKey(subject),
        SchemaLogFormat.configValue(level),
        "the compatibility level of " + (subject == null ? "the registry" : subject));
  }

  private synchronized void send(byte[] key, byte[] value, String what) {
    if (producer == null) {
      Map<String, Object> config = clientConfig("writer");
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis());
      config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(millis(), 15_000));
      config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(millis(), 15_000));
      producer = new KafkaProducer<>(config);
    }
    try {
      producer
          .send(new ProducerRecord<>(topic, 0, key, value))
          .get(Math.max(millis(), 15_000) + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw SchemaRegistryException.backendError(
          "Error while writing "
              + what
              + " to the schema store topic "
              + topic
              + " at "
              + bootstrapServers
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw SchemaRegistryException.backendError(
          "Timed out writing " + what + " to the schema store topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SchemaRegistryException.backendError(
          "Interrupted while writing " + what + " to the schema store topic " + topic, e);
    }
  }

  private Map<String, Object> clientConfig(String role) {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "fiso-schema-registry-" + role);
    config.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) millis());
    return config;
  }

  private long millis() {
    return timeout.toMillis();
  }

  private IllegalStateException failure(String what, Throwable cause) {
    String reason = cause == null ? "" : ": " + cause.getMessage();
    return new IllegalStateException("Cannot " + what + " at " + bootstrapServers + reason, cause);
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
