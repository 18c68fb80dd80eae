package io.fiso.costs.replay;

import io.fiso.avro.CostEvent;
import io.fiso.costs.validate.CostEventValidator;
import io.fiso.costs.validate.Rejection;
import io.fiso.pricing.PriceLookup;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.WireFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cost events of a time range from the cost topic itself (never a copy), from the offsets
 * {@code offsetsForTimes} gives for the range's start up to the end offsets captured when the
 * replay begins, so a replay of a range is repeatable while new events keep arriving.
 *
 * <p>An event is in the range when its ChargePeriodStart is within {@code [from, to)}. Records that
 * are not cost events, and cost events the cost-ingestor would dead-letter, are counted and
 * skipped, never counted as zero; a repeated event id is counted once.
 *
 * <p>The reader joins no consumer group and commits nothing ({@code assign}, {@code
 * read_committed}).
 */
public final class CostReplay {

  private static final Logger log = LoggerFactory.getLogger(CostReplay.class);

  /** Records are read from this long before {@code from}, for producer clocks a little behind. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(5);

  /**
   * A partition is finished early after a record stamped this long after {@code to}: a cost event
   * is produced right after its call ends, so later records cannot start within the range.
   */
  public static final Duration DEFAULT_MAX_LATENESS = Duration.ofHours(1);

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final AvroDeserializer<CostEvent> deserializer;
  private final PriceLookup prices;
  private final Duration lookback;
  private final Duration maxLateness;

  /**
   * @param consumerConfig Kafka client settings (at least bootstrap.servers; security settings)
   * @param topic the cost topic, normally fiso.costs
   * @param deserializer reads the Confluent-wire-format CostEvent values
   * @param prices the price book the cost-ingestor validates with, or null to check fields only
   */
  public CostReplay(
      Map<String, Object> consumerConfig,
      String topic,
      AvroDeserializer<CostEvent> deserializer,
      PriceLookup prices) {
    this(consumerConfig, topic, deserializer, prices, DEFAULT_LOOKBACK, DEFAULT_MAX_LATENESS);
  }

  public CostReplay(
      Map<String, Object> consumerConfig,
      String topic,
      AvroDeserializer<CostEvent> deserializer,
      PriceLookup prices,
      Duration lookback,
      Duration maxLateness) {
    this.consumerConfig = Map.copyOf(consumerConfig);
    this.topic = Objects.requireNonNull(topic, "topic");
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    this.prices = prices;
    this.lookback = lookback;
    this.maxLateness = maxLateness;
  }

  /**
   * Hands every cost event with ChargePeriodStart in {@code [from, to)} to {@code sink}.
   *
   * @throws IllegalArgumentException when {@code to} is not after {@code from}
   * @throws IllegalStateException when the topic does not exist or reading stalls
   */
  public ReplaySummary replay(
      Instant from, Instant to, Consumer<CostEvent> sink, ReplayProgress progress) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
    }
    Properties props = new Properties();
    props.putAll(consumerConfig);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "fiso-costs-replay");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "Topic " + topic + " does not exist: create it with `fiso topics create`");
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, Long> query = new HashMap<>();
      long startAt = Math.max(0, from.minus(lookback).toEpochMilli());
      partitions.forEach(tp -> query.put(tp, startAt));
      Map<TopicPartition, OffsetAndTimestamp> found =
          consumer.offsetsForTimes(query, Duration.ofSeconds(30));

      Map<Integer, Long> startOffsets = new TreeMap<>();
      Map<Integer, Long> endOffsets = new TreeMap<>();
      Set<TopicPartition> remaining = new HashSet<>();
      long total = 0;
      for (TopicPartition tp : partitions) {
        long last = end.getOrDefault(tp, 0L);
        OffsetAndTimestamp at = found.get(tp);
        long first = at == null ? last : Math.min(at.offset(), last);
        startOffsets.put(tp.partition(), first);
        endOffsets.put(tp.partition(), last);
        if (first < last) {
          remaining.add(tp);
          total += last - first;
        }
      }
      // Only partitions with records in range stay assigned: a partition with nothing to read has
      // no position, and auto.offset.reset=none makes poll() fail on such a partition even paused.
      consumer.assign(List.copyOf(remaining));
      for (TopicPartition tp : remaining) {
        consumer.seek(tp, startOffsets.get(tp.partition()));
      }
      log.debug(
          "Replaying {} from {} to {}: offsets {} to {}",
          topic,
          from,
          to,
          startOffsets,
          endOffsets);

      long stopAfter = to.plus(maxLateness).toEpochMilli();
      long fromMs = from.toEpochMilli();
      long toMs = to.toEpochMilli();
      long read = 0;
      long events = 0;
      long undecodable = 0;
      long invalid = 0;
      long duplicates = 0;
      Set<String> seen = new HashSet<>();
      long lastAdvance = System.nanoTime();
      progress.onProgress(0, total);
      while (!remaining.isEmpty()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (!remaining.contains(tp) || r.offset() >= end.get(tp)) {
            continue;
          }
          read++;
          if (r.timestamp() > stopAfter) {
            finish(consumer, remaining, tp);
            continue;
          }
          CostEvent event;
          try {
            event = r.value() == null ? null : deserializer.deserialize(r);
          } catch (WireFormatException e) {
            undecodable++;
            log.debug(
                "Skipping undecodable record {}-{}@{}: {}",
                topic,
                r.partition(),
                r.offset(),
                e.getMessage());
            continue;
          }
          if (event == null) {
            undecodable++;
            continue;
          }
          Optional<Rejection> rejection =
              prices == null
                  ? CostEventValidator.checkFields(event)
                  : CostEventValidator.check(event, prices);
          if (rejection.isPresent()) {
            invalid++;
            log.debug(
                "Skipping invalid cost event at {}-{}@{}: {}",
                topic,
                r.partition(),
                r.offset(),
                rejection.get().message());
            continue;
          }
          long start = event.getChargePeriodStart().toEpochMilli();
          if (start < fromMs || start >= toMs) {
            continue;
          }
          if (!seen.add(event.getEventId())) {
            duplicates++;
            continue;
          }
          events++;
          sink.accept(event);
        }
        boolean advanced = !records.isEmpty();
        for (TopicPartition tp : List.copyOf(remaining)) {
          if (consumer.position(tp) >= end.get(tp)) {
            finish(consumer, remaining, tp);
            advanced = true;
          }
        }
        if (advanced) {
          lastAdvance = System.nanoTime();
        } else if (System.nanoTime() - lastAdvance > STALL_LIMIT.toNanos()) {
          throw new IllegalStateException(
              "Replay of "
                  + topic
                  + " made no progress for "
                  + STALL_LIMIT.toSeconds()
                  + " s; still reading "
                  + remaining
                  + " (end offsets "
                  + endOffsets
                  + ")");
        }
        progress.onProgress(read, total);
      }
      ReplaySummary summary =
          new ReplaySummary(
              from,
              to,
              read,
              events,
              undecodable,
              invalid,
              duplicates,
              Map.copyOf(startOffsets),
              Map.copyOf(endOffsets));
      progress.onDone(summary);
      return summary;
    }
  }

  private static void finish(
      KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> remaining, TopicPartition tp) {
    if (remaining.remove(tp)) {
      consumer.pause(List.of(tp));
    }
  }
}
