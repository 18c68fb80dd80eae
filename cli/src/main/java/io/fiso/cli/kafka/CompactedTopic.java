package io.fiso.cli.kafka;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.KafkaAdmins;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes a compacted FISO topic (fiso.policies, fiso.prices, ...). The current records
 * are what the topic holds when read to its end (the latest record per key; a tombstone deletes).
 * Several records are written in one transaction: readers see all of them or none.
 */
public final class CompactedTopic<V extends SpecificRecord> {

  public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** The current records by key, and the records that could not be read. */
  public record Snapshot<V>(Map<String, V> records, List<String> unreadable) {}

  private final FisoSettings settings;
  private final TopicSpec<V> topic;
  private final SchemaRegistryClient registry;

  public CompactedTopic(FisoSettings settings, TopicSpec<V> topic) {
    io.fiso.schemas.AvroTrust.install();
    this.settings = settings;
    this.topic = topic;
    this.registry = SchemaRegistryClients.fromSettings(settings);
  }

  public String name() {
    return topic.name();
  }

  /** Every record on the topic, by key, read to the end of the topic. */
  public Snapshot<V> read() {
    Map<String, Object> props = settings.kafkaClientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fiso-cli-" + topic.name());
    props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    AvroDeserializer<V> decoder = new AvroDeserializer<>(registry, topic.valueType());
    Map<String, V> records = new TreeMap<>();
    List<String> unreadable = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
      if (infos == null || infos.isEmpty()) {
        throw new CliException(
            ExitCodes.FAILURE,
            "The topic "
                + topic.name()
                + " does not exist on Kafka at "
                + settings.bootstrapServers()
                + ": create FISO's topics with `fiso topics create`",
            null);
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!atEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new CliException(
              ExitCodes.FAILURE,
              "Could not read " + topic.name() + " to its end within " + READ_TIMEOUT,
              null);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null) {
            unreadable.add("offset " + r.offset() + ": no key");
          } else if (r.value() == null) {
            records.remove(r.key());
          } else {
            try {
              records.put(r.key(), decoder.decode(r.topic(), r.partition(), r.offset(), r.value()));
            } catch (RuntimeException e) {
              unreadable.add(r.key() + " at offset " + r.offset() + ": " + e.getMessage());
            }
          }
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new CliException(ExitCodes.FAILURE, KafkaAdmins.unreachable(settings) + ".", e);
    }
    return new Snapshot<>(records, unreadable);
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Writes every record in one transaction, each under its key. */
  public void write(Map<String, V> records) {
    Map<String, Object> props = producerProps();
    props.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        "fiso-cli-" + topic.name() + "-" + UUID.randomUUID());
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), new AvroSerializer<>(registry, false, true))) {
      producer.initTransactions();
      producer.beginTransaction();
      records.forEach(
          (key, value) -> producer.send(new ProducerRecord<>(topic.name(), key, value)));
      producer.commitTransaction();
    } catch (KafkaException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          "Could not write to "
              + topic.name()
              + " on Kafka at "
              + settings.bootstrapServers()
              + "; nothing was applied: "
              + e.getMessage(),
          e);
    }
  }

  /** Writes the tombstone that deletes the record of {@code key}. */
  public void delete(String key) {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            producerProps(), new StringSerializer(), new AvroSerializer<>(registry, false, true))) {
      producer.send(new ProducerRecord<>(topic.name(), key, null)).get();
    } catch (ExecutionException | KafkaException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          "Could not delete "
              + key
              + " on "
              + topic.name()
              + ": "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILURE, "Interrupted while deleting", e);
    }
  }

  private Map<String, Object> producerProps() {
    Map<String, Object> props = settings.kafkaClientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "fiso-cli-" + topic.name());
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return props;
  }
}
