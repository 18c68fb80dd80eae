package io.fiso.workers;

import io.fiso.avro.PriceSheet;
import io.fiso.pricing.LivePriceBook;
import io.fiso.pricing.billing.PricingException;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link LivePriceBook} current from the compacted topic fiso.prices: reads it from the
 * beginning (no consumer group: every worker process reads every sheet) and applies each sheet and
 * tombstone as it arrives. Until the topic exists, the book keeps the bundled catalog.
 */
final class PriceFeed implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PriceFeed.class);

  private final Map<String, Object> kafka;
  private final String topic;
  private final LivePriceBook book;
  private final AvroDeserializer<PriceSheet> reader;
  private volatile boolean stopped;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  PriceFeed(
      Map<String, Object> kafka, String topic, LivePriceBook book, SchemaRegistryClient registry) {
    this.kafka = kafka;
    this.topic = topic;
    this.book = book;
    this.reader = new AvroDeserializer<>(registry, PriceSheet.class);
  }

  void stop() {
    stopped = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void run() {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      List<TopicPartition> partitions = List.of();
      while (!stopped && partitions.isEmpty()) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        partitions =
            infos == null
                ? List.of()
                : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
          log.info(
              "{} does not exist yet; pricing with the bundled catalog, retrying in 10 s", topic);
          sleep(Duration.ofSeconds(10));
        }
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      while (!stopped) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
          apply(r);
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      if (!stopped) {
        log.error("Price feed from {} stopped; prices stay as they are", topic, e);
      }
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      if (r.key() != null) {
        book.remove(new String(r.key(), StandardCharsets.UTF_8));
      }
      return;
    }
    try {
      book.update(reader.deserialize(r));
    } catch (SerializationException | PricingException e) {
      log.warn(
          "Ignoring the price sheet at {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }
}
