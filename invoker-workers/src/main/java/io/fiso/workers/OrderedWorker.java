package io.fiso.workers;

import io.fiso.workers.resilience.ConcurrencyLimiter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in ordered mode: a classic consumer group, records of one key processed one after the
 * other in offset order (records of different keys run concurrently). A partition's offset is
 * committed up to its first record not yet done, so a restart resumes without skipping anything. A
 * record whose processing asks for another delivery is retried in place after a backoff (the key's
 * later records wait), up to the configured deliveries; the last one ends in a FAILED result and a
 * dead letter. Backpressure pauses the partitions while too many records are outstanding.
 */
final class OrderedWorker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(OrderedWorker.class);

  private final String name;
  private final Map<String, Object> config;
  private final String topic;
  private final InvocationProcessor processor;
  private final ConcurrencyLimiter limiter;
  private final WorkerSettings settings;
  private final WorkerMetrics metrics;
  private final ScheduledExecutorService scheduler;
  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final int maxOutstanding;

  private volatile boolean stopping;
  private volatile long stopDeadlineNanos;
  private volatile boolean killed;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  private static final class Slot {
    final ConsumerRecord<byte[], byte[]> record;
    volatile boolean done;
    volatile InvocationProcessor.Task task;
    volatile boolean abandoned;

    Slot(ConsumerRecord<byte[], byte[]> record) {
      this.record = record;
    }
  }

  private static final class PartitionState {
    final TreeMap<Long, Slot> outstanding = new TreeMap<>();
    final Map<ByteBuffer, CompletableFuture<Void>> tails = new HashMap<>();
  }

  OrderedWorker(
      String name,
      Map<String, Object> config,
      String topic,
      InvocationProcessor processor,
      ConcurrencyLimiter limiter,
      WorkerSettings settings,
      WorkerMetrics metrics,
      ScheduledExecutorService scheduler) {
    this.name = name;
    this.config = Map.copyOf(config);
    this.topic = Objects.requireNonNull(topic, "topic");
    this.processor = processor;
    this.limiter = limiter;
    this.settings = settings;
    this.metrics = metrics;
    this.scheduler = scheduler;
    this.maxOutstanding = Math.max(settings.maxPollRecords(), settings.concurrency());
  }

  void stop(Duration grace) {
    stopDeadlineNanos = System.nanoTime() + grace.toNanos();
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  void kill() {
    killed = true;
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void run() {
    KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer = c;
    try {
      c.subscribe(List.of(topic), new Rebalance(c));
      log.info(
          "{} consuming {} in order per key (consumer group {})", name, topic, settings.groupId());
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(Duration.ofMillis(100));
        } catch (WakeupException e) {
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          schedule(r);
        }
        commitDone(c, false);
        applyBackpressure(c);
      }
      if (!killed) {
        drain(c, partitions.keySet(), stopDeadlineNanos);
      }
    } catch (RuntimeException e) {
      if (!killed) {
        log.error(
            "{} stopped on an unexpected error; uncommitted records will be redelivered", name, e);
      }
    } finally {
      abandonAll(partitions.keySet());
      try {
        c.close(CloseOptions.timeout(killed ? Duration.ZERO : Duration.ofSeconds(30)));
      } catch (RuntimeException e) {
        log.warn("{}: closing the consumer failed: {}", name, e.toString());
      }
      log.info("{} stopped", name);
    }
  }

  private void schedule(ConsumerRecord<byte[], byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    PartitionState state = partitions.computeIfAbsent(tp, p -> new PartitionState());
    if (state.outstanding.containsKey(r.offset())) {
      return; // already here (a re-fetch after a seek)
    }
    Slot slot = new Slot(r);
    state.outstanding.put(r.offset(), slot);
    ByteBuffer key = r.key() == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(r.key());
    CompletableFuture<Void> tail =
        state.tails.getOrDefault(key, CompletableFuture.completedFuture(null));
    CompletableFuture<Void> next = tail.thenCompose(x -> runSlot(slot, 1));
    state.tails.put(key, next);
  }

  private CompletableFuture<Void> runSlot(Slot slot, int delivery) {
    if (slot.abandoned || killed) {
      return CompletableFuture.completedFuture(null);
    }
    InvocationProcessor.Task task = processor.start(delivery(slot.record, delivery));
    slot.task = task;
    return task.done.thenCompose(
        d -> {
          if (d == Disposition.ACCEPT) {
            slot.done = true;
            metrics.accepted.increment();
            return CompletableFuture.completedFuture(null);
          }
          if (slot.abandoned || killed) {
            return CompletableFuture.completedFuture(null);
          }
          Duration wait = settings.backoff().delay(delivery - 1);
          CompletableFuture<Void> later = new CompletableFuture<>();
          scheduler.schedule(() -> later.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
          return later.thenCompose(x -> runSlot(slot, delivery + 1));
        });
  }

  private Delivery delivery(ConsumerRecord<byte[], byte[]> r, int count) {
    Map<String, byte[]> headers = new HashMap<>();
    for (Header h : r.headers()) {
      headers.put(h.key(), h.value());
    }
    return new Delivery(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp() < 0 ? null : Instant.ofEpochMilli(r.timestamp()),
        r.key(),
        r.value(),
        headers,
        count,
        count >= settings.maxDeliveries());
  }

  /** Commits each partition up to its first record not done. */
  private void commitDone(KafkaConsumer<byte[], byte[]> c, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
      TreeMap<Long, Slot> outstanding = e.getValue().outstanding;
      Long next = null;
      while (!outstanding.isEmpty() && outstanding.firstEntry().getValue().done) {
        next = outstanding.pollFirstEntry().getKey() + 1;
      }
      if (next != null) {
        offsets.put(e.getKey(), new OffsetAndMetadata(next));
      }
      if (outstanding.isEmpty()) {
        e.getValue().tails.clear();
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      c.commitSync(offsets);
    } else {
      c.commitAsync(
          offsets,
          (o, error) -> {
            if (error != null) {
              log.warn(
                  "{}: committing {} failed (the next commit covers it): {}",
                  name,
                  o,
                  error.toString());
            }
          });
    }
  }

  private void applyBackpressure(KafkaConsumer<byte[], byte[]> c) {
    int outstanding = 0;
    for (PartitionState s : partitions.values()) {
      outstanding += s.outstanding.size();
    }
    boolean full = outstanding >= maxOutstanding || !limiter.hasCapacity();
    if (full && c.paused().isEmpty() && !c.assignment().isEmpty()) {
      c.pause(c.assignment());
    } else if (!full && !c.paused().isEmpty()) {
      c.resume(c.paused());
    }
  }

  /**
   * Waits for the records of {@code parts} until {@code deadlineNanos}, committing what is done.
   */
  private void drain(
      KafkaConsumer<byte[], byte[]> c, Collection<TopicPartition> parts, long deadlineNanos) {
    List<TopicPartition> list = new ArrayList<>(parts);
    while (System.nanoTime() - deadlineNanos < 0) {
      boolean allDone = true;
      for (TopicPartition tp : list) {
        PartitionState s = partitions.get(tp);
        if (s != null && s.outstanding.values().stream().anyMatch(slot -> !slot.done)) {
          allDone = false;
          break;
        }
      }
      if (allDone) {
        break;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      commitDone(c, true);
    } catch (RuntimeException e) {
      log.warn("{}: final commit failed: {}", name, e.toString());
    }
  }

  private void abandonAll(Collection<TopicPartition> parts) {
    for (TopicPartition tp : new ArrayList<>(parts)) {
      PartitionState s = partitions.remove(tp);
      if (s == null) {
        continue;
      }
      for (Slot slot : s.outstanding.values()) {
        if (!slot.done) {
          slot.abandoned = true;
          metrics.abandoned.increment();
          InvocationProcessor.Task t = slot.task;
          if (t != null) {
            t.abandon();
          }
        }
      }
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> c;

    Rebalance(KafkaConsumer<byte[], byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (killed) {
        return;
      }
      // Give calls in flight a chance to finish so that their offsets are committed.
      drain(c, revoked, System.nanoTime() + settings.shutdownGrace().toNanos());
      abandonAll(revoked);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      log.info("{} assigned {}", name, assigned);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      abandonAll(lost);
    }
  }
}
