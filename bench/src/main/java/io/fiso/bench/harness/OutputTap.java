package io.fiso.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the system under test wrote, from the beginning of its output topics, as a user would
 * (read_committed: records of aborted or open transactions are not seen), counts them and, given an
 * open-loop {@link OpenLoop.Schedule}, records each record's latency from its intended send time
 * into an HdrHistogram (microseconds). Values are decoded only by an {@link OutputObserver}.
 */
public final class OutputTap implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final AtomicLong count = new AtomicLong();
  private final Map<String, AtomicLong> perTopic = new ConcurrentHashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final OpenLoop.Schedule schedule;
  private final long firstMeasuredSeq;
  private final Histogram latencies = Latencies.newHistogram();
  private final OutputObserver observer;
  private volatile boolean running = true;

  /**
   * Starts reading {@code topics}.
   *
   * @param schedule the open-loop schedule the keys refer to, or null to only count
   * @param firstMeasuredSeq records with a lower sequence number are warm-up: counted, not timed
   */
  public OutputTap(
      Map<String, Object> clientProps,
      Collection<String> topics,
      OpenLoop.Schedule schedule,
      long firstMeasuredSeq) {
    this(clientProps, topics, schedule, firstMeasuredSeq, null);
  }

  /**
   * Starts reading {@code topics}, showing every measured record to {@code observer} (may be null).
   */
  public OutputTap(
      Map<String, Object> clientProps,
      Collection<String> topics,
      OpenLoop.Schedule schedule,
      long firstMeasuredSeq,
      OutputObserver observer) {
    this.schedule = schedule;
    this.observer = observer;
    this.firstMeasuredSeq = firstMeasuredSeq;
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = partitionsOf(topic);
      infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      perTopic.put(topic, new AtomicLong());
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    if (partitions.isEmpty()) {
      running = false;
    }
    this.thread = new Thread(this::loop, "bench-output-tap");
    thread.setDaemon(true);
    thread.start();
  }

  /** A topic just created may take a moment to appear in the metadata clients see. */
  private List<PartitionInfo> partitionsOf(String topic) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos != null && !infos.isEmpty()) {
        return infos;
      }
      if (System.nanoTime() > deadline) {
        consumer.close();
        throw new IllegalStateException("Output topic " + topic + " does not exist");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        consumer.close();
        throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
      }
    }
  }

  private void loop() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
        if (records.isEmpty()) {
          continue;
        }
        long now = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          perTopic.get(r.topic()).incrementAndGet();
          if (schedule != null) {
            long seq = OpenLoop.seqOf(r.key());
            if (seq >= firstMeasuredSeq) {
              long micros = Math.max(1, (now - schedule.intended(seq)) / 1000);
              synchronized (latencies) {
                latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
              }
              if (observer != null) {
                long intendedWall = wallNow - (now - schedule.intended(seq)) / 1_000_000;
                observer.observe(r, intendedWall, wallNow);
              }
            }
          }
        }
        count.addAndGet(records.count());
      }
    } catch (WakeupException e) {
      // closing
    } catch (Exception e) {
      failure.set(e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Records seen so far, on every topic. */
  public long count() {
    checkHealthy();
    return count.get();
  }

  /** Records seen so far on one topic. */
  public long count(String topic) {
    AtomicLong c = perTopic.get(topic);
    return c == null ? 0 : c.get();
  }

  /** A copy of the latencies recorded so far, in microseconds. */
  public Histogram latencies() {
    synchronized (latencies) {
      return latencies.copy();
    }
  }

  private void checkHealthy() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("The consumer reading the outputs failed: " + e, e);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
