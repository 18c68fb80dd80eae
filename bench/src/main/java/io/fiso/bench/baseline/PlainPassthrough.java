package io.fiso.bench.baseline;

import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 *
 * <p>With {@code threads} N it runs N such loops in one consumer group, each with its own producer
 * (and transactional id), and needs at least N input partitions. A loop commits the partitions a
 * rebalance takes from it before they go, as Kafka Streams commits its tasks.
 */
public final class PlainPassthrough implements Scenario {

  private final Baseline b;

  public PlainPassthrough(Baseline baseline) {
    this.b = baseline;
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
    requireAPartitionPerLoop(inputTopic);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Loop loop : loops) {
          loop.awaitRunning(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
      }

      /** All loops stop at once: closing N loops takes as long as the slowest one. */
      @Override
      public void close() {
        loops.forEach(Loop::signalStop);
        RuntimeException failed = null;
        for (Loop loop : loops) {
          try {
            loop.close();
          } catch (RuntimeException e) {
            if (failed == null) {
              failed = e;
            } else {
              failed.addSuppressed(e);
            }
          }
        }
        if (failed != null) {
          throw failed;
        }
      }
    };
  }

  /**
   * A consumer loop with no partition never runs, and the run would wait for it until it times out:
   * more loops than input partitions is a mistake, told before anything starts.
   */
  private void requireAPartitionPerLoop(String inputTopic) {
    if (b.threads() == 1) {
      return;
    }
    int partitions;
    try {
      partitions =
          b.cluster()
              .admin()
              .describeTopics(List.of(inputTopic))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(inputTopic)
              .partitions()
              .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing " + inputTopic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          name() + ": cannot read the partition count of " + inputTopic + ": " + e, e);
    }
    requireAPartitionPerLoop(b.threads(), partitions, inputTopic);
  }

  /**
   * @throws IllegalArgumentException when {@code threads} consumer loops would leave some without a
   *     partition of the input topic
   */
  public static void requireAPartitionPerLoop(int threads, int partitions, String input) {
    if (threads > partitions) {
      throw new IllegalArgumentException(
          "--threads "
              + threads
              + " is more than the "
              + partitions
              + " partitions of "
              + input
              + ": the plain consume→produce baseline runs one consumer loop per thread, and a"
              + " loop without a partition never starts; use --threads "
              + partitions
              + " or fewer, more --partitions, or --systems without plain");
    }
  }

  /**
   * The record a loop writes for input record {@code in}: to {@code output}, the partition left to
   * the producer, with the input's key, headers and timestamp, and its value with the baseline's
   * suffix appended.
   */
  static ProducerRecord<byte[], byte[]> outputRecord(
      ConsumerRecord<byte[], byte[]> in, String output, Baseline b) {
    return new ProducerRecord<>(
        output, null, in.timestamp(), in.key(), b.append(in.value()), in.headers());
  }

  /**
   * One consumer and one producer. Its offsets are committed every commit interval and, so that no
   * other loop reprocesses (ALOS) or the transaction does not commit offsets of (EOS) partitions
   * this loop no longer owns, also when a rebalance takes partitions away ({@link Rebalance}).
   *
   * <p>Only the loop's thread touches the consumer, the producer, {@code pending} and {@code
   * inTransaction}: the rebalance callbacks run inside {@code poll} on that thread.
   */
  private final class Loop implements Runnable, Subject {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String input;
    private final String output;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Offsets after the records produced since the last commit, by input partition. */
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

    private boolean inTransaction;

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
        consumer.subscribe(List.of(input), new Rebalance());
        if (b.guarantee() == Guarantee.EOS) {
          producer.initTransactions();
        }
        long nextCommit = System.nanoTime() + b.commitInterval().toNanos();
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
            producer.send(outputRecord(r, output, b));
            pending.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
          }
          if (System.nanoTime() >= nextCommit && !pending.isEmpty()) {
            commit(pending.keySet());
            nextCommit = System.nanoTime() + b.commitInterval().toNanos();
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (Exception e) {
        failure.set(e);
      } finally {
        try {
          try {
            producer.close(Duration.ofSeconds(5));
          } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
          }
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        } finally {
          stopped.countDown();
        }
      }
    }

    /**
     * Commits the offsets pending for {@code partitions} once what was produced from them is
     * durable. ALOS: the producer is flushed, then those offsets are committed. EOS: the open
     * transaction carries the records of every partition, so it commits whole, with every pending
     * offset.
     */
    private void commit(Collection<TopicPartition> partitions) {
      if (b.guarantee() == Guarantee.EOS) {
        if (inTransaction) {
          producer.sendOffsetsToTransaction(Map.copyOf(pending), consumer.groupMetadata());
          producer.commitTransaction();
          inTransaction = false;
        }
        pending.clear();
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata o = pending.get(tp);
        if (o != null) {
          offsets.put(tp, o);
        }
      }
      if (offsets.isEmpty()) {
        return;
      }
      producer.flush();
      consumer.commitSync(offsets);
      pending.keySet().removeAll(offsets.keySet());
    }

    /**
     * What a careful consumer→producer loop does when the group moves partitions: before a
     * partition goes, what was produced from it is committed, so the loop that gets it next starts
     * after it (no duplicates under ALOS, no offsets of a partition it no longer owns committed
     * later under EOS). A partition lost without a revocation (the member fell out of the group)
     * can no longer be committed: its pending offsets are dropped, and under EOS the open
     * transaction aborted, so its records are read again by the partition's next owner.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // When the loop stops (the run is over) nothing more is committed, as before.
        if (running.get() && !partitions.isEmpty()) {
          commit(partitions);
        }
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (!running.get()) {
          return; // stopping: closing the producer aborts what is open
        }
        if (b.guarantee() == Guarantee.EOS && inTransaction) {
          producer.abortTransaction();
          inTransaction = false;
          pending.clear();
        } else {
          pending.keySet().removeAll(partitions);
        }
      }
    }

    /** Asks the loop to stop, without waiting. */
    void signalStop() {
      running.set(false);
      consumer.wakeup();
    }

    @Override
    public void awaitRunning(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!assigned.await(10, TimeUnit.MILLISECONDS)) {
        if (failure.get() != null) {
          throw new IllegalStateException(name() + " failed: " + failure.get(), failure.get());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name() + " had no partitions assigned after " + timeout.toSeconds() + " s");
        }
      }
    }

    /** Stops the loop and waits until it has (up to 30 s). */
    @Override
    public void close() {
      signalStop();
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure.get() != null) {
        throw new IllegalStateException(name() + " failed: " + failure.get(), failure.get());
      }
    }
  }
}
