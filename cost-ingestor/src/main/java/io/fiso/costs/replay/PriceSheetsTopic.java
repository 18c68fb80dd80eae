package io.fiso.costs.replay;

import io.fiso.avro.PriceSheet;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.billing.PricingException;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price book the cost-ingestor validates with: the bundled catalog, then every sheet of the
 * compacted topic fiso.prices read to its end (newest version wins), as the cost-ingestor builds
 * it: a tombstone on fiso.prices removes the topic's sheet, not the bundled one.
 */
public final class PriceSheetsTopic {

  private static final Logger log = LoggerFactory.getLogger(PriceSheetsTopic.class);

  private PriceSheetsTopic() {}

  /**
   * {@code seed} with the sheets of {@code topic} applied; the seed alone when the topic is
   * missing.
   */
  public static PriceBook read(
      Map<String, Object> consumerConfig,
      String topic,
      AvroDeserializer<PriceSheet> deserializer,
      PriceBook seed) {
    Properties props = new Properties();
    props.putAll(consumerConfig);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fiso-prices-reader");
    Map<String, PriceSheet> sheets = new java.util.LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        log.warn("Topic {} does not exist: using the bundled price catalog only", topic);
        return seed;
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Set<TopicPartition> remaining = new HashSet<>();
      for (TopicPartition tp : partitions) {
        if (consumer.position(tp) < end.get(tp)) {
          remaining.add(tp);
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!remaining.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading " + topic + " took longer than 60 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
          if (r.value() == null) {
            if (key != null) {
              sheets.remove(key);
            }
            continue;
          }
          try {
            sheets.put(key, deserializer.deserialize(r));
          } catch (WireFormatException e) {
            log.warn(
                "Price sheet {} at {}-{}@{} ignored: {}",
                key,
                topic,
                r.partition(),
                r.offset(),
                e.getMessage());
          }
        }
        remaining.removeIf(tp -> consumer.position(tp) >= end.get(tp));
      }
    }
    PriceBook book = seed;
    for (Map.Entry<String, PriceSheet> e : sheets.entrySet()) {
      try {
        book = book.withSheet(e.getValue());
      } catch (PricingException ex) {
        log.warn("Price sheet {} on {} ignored: {}", e.getKey(), topic, ex.getMessage());
      }
    }
    return book;
  }
}
