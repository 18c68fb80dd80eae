package io.fiso.bench.baseline;

import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The lower bound of any consume→produce application: one {@link KafkaConsumer} and one {@link
 * KafkaProducer} in a loop, records copied byte for byte (key, value, headers), nothing decoded.
 *
 * <ul>
 *   <li>ALOS: after each commit interval the producer is flushed, then the consumed offsets are
 *       committed (what Kafka Streams does at at_least_once).
 *   <li>EOS: a transactional producer; each commit interval's records and consumed offsets are
 *       committed in one transaction (what exactly_once_v2 does), the input read read_committed.
 * </ul>
 */
public final class PlainPassthrough implements Scenario {

  private final Baseline b;

  public PlainPassthrough(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int outputPartitions) {
    this(cluster, guarantee, commitInterval, linger, outputPartitions, Map.of());
  }

  /**
   * @param producerSettings producer settings on top of the linger (e.g. the batch size and
   *     compression of the system it is compared with), without the {@code producer.} prefix
   */
  public PlainPassthrough(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int outputPartitions,
      Map<String, Object> producerSettings) {
    this(
        Baseline.of(
            cluster, guarantee, commitInterval, linger, outputPartitions, producerSettings));
  }

  public PlainPassthrough(Baseline baseline) {
    this.b = baseline;
  }

  /** The same passthrough with {@code threads} threads (see {@link Baseline#threads()}). */
  public PlainPassthrough withThreads(int threads) {
    return new PlainPassthrough(b.withThreads(threads));
  }

  /** The same passthrough appending {@code suffix} to every value it writes. */
  public PlainPassthrough withSuffix(byte[] suffix) {
    return new PlainPassthrough(b.withSuffix(suffix));
  }

  public Guarantee guarantee() {
    return b.guarantee();
  }

  @Override
  public String name() {
    return b.name("plain consume→produce");
  }

  /** Bytes appended to every value it writes (0: the records are copied unchanged). */
  public int suffixBytes() {
    return b.suffix().length;
  }

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    return Map.of(output(tag), b.outputPartitions());
  }

  @Override
  public boolean threadsNamedByTag() {
    return true;
  }

  @Override
  public String groupId(String tag) {
    return tag + ".plain";
  }

  private static String output(String tag) {
    return tag + ".plain-out";
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    List<Loop> loops = new ArrayList<>();
    for (int i = 0; i < b.threads(); i++) {
      Loop loop = new Loop(tag, inputTopic, output(tag), i);
      // The tag in the names of the threads and clients: ThreadCpu counts them as the system's.
      Thread t = new Thread(loop, groupId(tag) + "-loop-" + i);
      t.setDaemon(true);
      t.start();
      loops.add(loop);
    }
    if (loops.size() == 1) {
      return loops.get(0);
    }
    return new Subject() {
      @Override
      public void awaitRunning(Duration timeout) throws InterruptedException {
        for (Loop loop : loops) {
          loop.awaitRunning(timeout);
        }
      }

      @Override
      public void close() {
        RuntimeException failed = null;
        for (Loop loop : loops) {
          try {
            loop.close();
          } catch (RuntimeException e) {
            failed = failed == null ? e : failed;
          }
        }
        if (failed != null) {
          throw failed;
        }
      }
    };
  }

  private final class Loop implements Runnable, Subject {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String input;
    private final String output;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    Loop(String tag, String input, String output, int index) {
      this.input = input;
      this.output = output;
      Map<String, Object> c = new HashMap<>(b.cluster().clientProps());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(tag));
      c.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId(tag) + "-consumer-" + index);
      c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // Same as Kafka Streams' consumer default.
      c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
      if (b.guarantee() == Guarantee.EOS) {
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      }
      Map<String, Object> p = new HashMap<>(b.cluster().clientProps());
      p.putAll(b.producerSettings());
      p.put(ProducerConfig.LINGER_MS_CONFIG, (int) b.linger().toMillis());
      p.put(ProducerConfig.CLIENT_ID_CONFIG, groupId(tag) + "-producer-" + index);
      if (b.guarantee() == Guarantee.EOS) {
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, tag + ".plain-tx-" + index);
      }
      this.consumer =
          new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
      try {
        consumer.subscribe(List.of(input));
        if (b.guarantee() == Guarantee.EOS) {
          producer.initTransactions();
        }
        Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
        long nextCommit = System.nanoTime() + b.commitInterval().toNanos();
        boolean inTransaction = false;
        while (running.get()) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
          if (!consumer.assignment().isEmpty()) {
            assigned.countDown();
          }
          if (!records.isEmpty() && b.guarantee() == Guarantee.EOS && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          for (ConsumerRecord<byte[], byte[]> r : records) {
            producer.send(
                new ProducerRecord<>(
                    output, null, r.timestamp(), r.key(), b.append(r.value()), r.headers()));
            pending.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
          }
          if (System.nanoTime() >= nextCommit && !pending.isEmpty()) {
            if (b.guarantee() == Guarantee.EOS) {
              producer.sendOffsetsToTransaction(pending, consumer.groupMetadata());
              producer.commitTransaction();
              inTransaction = false;
            } else {
              producer.flush();
              consumer.commitSync(pending);
            }
            pending.clear();
            nextCommit = System.nanoTime() + b.commitInterval().toNanos();
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (Exception e) {
        failure.set(e);
      } finally {
        try {
          producer.close(Duration.ofSeconds(5));
        } finally {
          consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
          stopped.countDown();
        }
      }
    }

    @Override
    public void awaitRunning(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!assigned.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (failure.get() != null) {
          throw new IllegalStateException(name() + " failed: " + failure.get(), failure.get());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name() + " had no partitions assigned after " + timeout.toSeconds() + " s");
        }
      }
    }

    @Override
    public void close() {
      running.set(false);
      consumer.wakeup();
      try {
        stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure.get() != null) {
        throw new IllegalStateException(name() + " failed: " + failure.get(), failure.get());
      }
    }
  }
}
