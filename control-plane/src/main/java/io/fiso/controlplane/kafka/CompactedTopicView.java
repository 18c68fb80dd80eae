package io.fiso.controlplane.kafka;

import io.fiso.controlplane.HealthCheck;
import io.fiso.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value of every key of a compacted topic, kept in memory by one consumer thread that
 * reads the topic from its beginning and then follows it (a null value removes the key). {@link
 * #loaded()} turns true once the topic has been read up to where it ended at start-up; {@link
 * #awaitApplied} lets a writer wait until its own write is visible here (read-your-writes).
 */
public final class CompactedTopicView<V extends SpecificRecord> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicView.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final String topic;
  private final Supplier<Consumer<String, byte[]>> consumerFactory;
  private final AvroDeserializer<V> deserializer;
  private final Map<String, V> values = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final Object positionLock = new Object();
  private final Thread thread;
  private volatile Consumer<String, byte[]> consumer;
  private volatile boolean loaded;
  private volatile boolean closed;
  private volatile String problem = "not started";
  private volatile Instant loadedAt;

  /**
   * @param consumerFactory makes the consumer (assigned, no group; see {@link KafkaClients})
   */
  public CompactedTopicView(
      String topic,
      Supplier<Consumer<String, byte[]>> consumerFactory,
      AvroDeserializer<V> deserializer) {
    this.topic = topic;
    this.consumerFactory = consumerFactory;
    this.deserializer = deserializer;
    this.thread = new Thread(this::run, "fiso-view-" + topic);
    this.thread.setDaemon(true);
  }

  /** Starts reading. */
  public CompactedTopicView<V> start() {
    problem = "reading " + topic + " from its beginning";
    thread.start();
    return this;
  }

  /** Whether every record present at start-up has been read. */
  public boolean loaded() {
    return loaded;
  }

  /** Every key and its latest value. */
  public Map<String, V> snapshot() {
    return Collections.unmodifiableMap(new HashMap<>(values));
  }

  public Optional<V> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The topic this view reads. */
  public String topic() {
    return topic;
  }

  /**
   * Waits until the record at {@code offset} of {@code partition} has been applied here.
   *
   * @return false when it was not within {@code timeout}
   */
  public boolean awaitApplied(int partition, long offset, Duration timeout)
      throws InterruptedException {
    TopicPartition tp = new TopicPartition(topic, partition);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (positionLock) {
      while (positions.getOrDefault(tp, -1L) <= offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        positionLock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Loaded and following the topic; otherwise what it is waiting for. */
  public HealthCheck readiness(String name) {
    if (loaded && thread.isAlive()) {
      return HealthCheck.ok(
          name, topic + " loaded at " + loadedAt + ", " + values.size() + " keys");
    }
    return HealthCheck.failing(name, problem);
  }

  private void run() {
    try (Consumer<String, byte[]> c = consumerFactory.get()) {
      consumer = c;
      Map<TopicPartition, Long> endAtStart = null;
      while (!closed) {
        if (endAtStart == null) {
          endAtStart = assign(c);
          if (endAtStart == null) {
            sleep(RETRY);
            continue;
          }
        }
        ConsumerRecords<String, byte[]> records;
        try {
          records = c.poll(POLL);
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (KafkaException e) {
          problem = "cannot read " + topic + ": " + e.getMessage();
          LOG.warn("Reading {} failed: {}; retrying", topic, e.toString());
          sleep(RETRY);
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          apply(record);
        }
        updatePositions(c, endAtStart);
      }
    } catch (WakeupException | InterruptException e) {
      // closing
    } catch (RuntimeException e) {
      problem = "the consumer of " + topic + " stopped: " + e;
      LOG.error("The consumer of {} stopped; its view no longer follows the topic", topic, e);
    }
  }

  private Map<TopicPartition, Long> assign(Consumer<String, byte[]> c) {
    try {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos == null || infos.isEmpty()) {
        problem =
            "topic " + topic + " does not exist: create FISO's topics with `fiso topics create`";
        LOG.warn(
            "Topic {} does not exist yet; retrying. Create it with `fiso topics create`", topic);
        return null;
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
      problem =
          "reading "
              + topic
              + " up to "
              + end.values().stream().mapToLong(l -> l).sum()
              + " records";
      return new HashMap<>(end);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      problem = "cannot reach Kafka to read " + topic + ": " + e.getMessage();
      LOG.warn("Cannot read {} yet: {}; retrying", topic, e.toString());
      return null;
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      LOG.warn(
          "Ignoring a record without a key at {}-{} offset {}",
          record.topic(),
          record.partition(),
          record.offset());
      return;
    }
    if (record.value() == null) {
      values.remove(record.key());
      return;
    }
    try {
      V value =
          deserializer.decode(record.topic(), record.partition(), record.offset(), record.value());
      values.put(record.key(), value);
    } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
      LOG.warn(
          "Ignoring an undecodable record for key {} at {}-{} offset {}: {}",
          record.key(),
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  private void updatePositions(Consumer<String, byte[]> c, Map<TopicPartition, Long> endAtStart) {
    Map<TopicPartition, Long> now = new HashMap<>();
    for (TopicPartition tp : c.assignment()) {
      try {
        now.put(tp, c.position(tp, Duration.ofSeconds(1)));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        return;
      }
    }
    synchronized (positionLock) {
      positions.putAll(now);
      positionLock.notifyAll();
    }
    if (!loaded
        && endAtStart.entrySet().stream()
            .allMatch(e -> now.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
      loadedAt = Instant.now();
      loaded = true;
      LOG.info("Loaded {} keys from {}", values.size(), topic);
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
