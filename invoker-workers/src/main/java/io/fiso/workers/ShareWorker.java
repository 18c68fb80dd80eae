package io.fiso.workers;

import io.fiso.workers.resilience.ConcurrencyLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share-group consumer thread (KIP-932) in explicit acknowledgement mode.
 *
 * <p>Every record of a poll must be acknowledged before the next poll. A record whose call is still
 * running is acknowledged with RENEW, which extends its acquisition lock and brings it back in a
 * later poll; once its processing ended it is acknowledged ACCEPT (its outputs are on the broker)
 * or RELEASE (another delivery will retry it). The Kafka client (4.4) hands a consumer its renewed
 * records back and collects no new ones until they are acknowledged for good (KAFKA-20458), so a
 * slow call holds back its own consumer's next batch, though not the group's other consumers; an
 * early poll while calls run would only renew them. Tried and measured: a consumer renewing and
 * polling every few ms while permits were free still received nothing new for the 8 s its two slow
 * calls ran.
 *
 * <p>Backpressure: a consumer polls for more work early only while the concurrency limiter has free
 * permits; without them it polls only when every record of its last poll is done and a permit comes
 * back (the limiter wakes it), or when locks need renewing (half the acquisition lock period), so
 * records do not pile up waiting.
 */
final class ShareWorker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(ShareWorker.class);

  /** An idle consumer's poll; also how long a stop can wait for it. */
  private static final Duration IDLE_POLL = Duration.ofMillis(100);

  private static final Duration BUSY_POLL = Duration.ofMillis(100);
  private static final long EARLY_POLL_NANOS = Duration.ofMillis(250).toNanos();

  private final String name;
  private final Map<String, Object> config;
  private final String topic;
  private final InvocationProcessor processor;
  private final ConcurrencyLimiter limiter;
  private final WorkerSettings settings;
  private final WorkerMetrics metrics;
  private final Object signal = new Object();
  private final Map<Coord, Held> held = new HashMap<>();

  private volatile boolean stopping;
  private volatile long stopDeadlineNanos;
  private volatile boolean killed;
  private volatile ShareConsumer<byte[], byte[]> consumer;
  private long lastPollNanos;

  /** Acknowledgements made but not sent yet: the next poll carries them. */
  private boolean acksPending;

  /** In {@link #awaitCapacity}: a permit coming back should wake this consumer. */
  private volatile boolean waitingForCapacity;

  private long renewIntervalNanos = Duration.ofSeconds(15).toNanos();
  private long lockNanos = Duration.ofSeconds(30).toNanos();

  private record Coord(String topic, int partition, long offset) {
    static Coord of(ConsumerRecord<?, ?> r) {
      return new Coord(r.topic(), r.partition(), r.offset());
    }
  }

  private static final class Held {
    final InvocationProcessor.Task task;
    long seenNanos;

    Held(InvocationProcessor.Task task) {
      this.task = task;
    }
  }

  ShareWorker(
      String name,
      Map<String, Object> config,
      String topic,
      InvocationProcessor processor,
      ConcurrencyLimiter limiter,
      WorkerSettings settings,
      WorkerMetrics metrics) {
    this.name = name;
    this.config = Map.copyOf(config);
    this.topic = Objects.requireNonNull(topic, "topic");
    this.processor = processor;
    this.limiter = limiter;
    this.settings = settings;
    this.metrics = metrics;
    limiter.onFree(
        () -> {
          if (waitingForCapacity) {
            wake();
          }
        });
  }

  /** Stops taking new records; calls in flight get {@code grace} to finish, then are released. */
  void stop(Duration grace) {
    stopDeadlineNanos = System.nanoTime() + grace.toNanos();
    stopping = true;
    wake();
  }

  /** Stops at once without waiting for anything (a crash). Records in flight are released. */
  void kill() {
    killed = true;
    stopping = true;
    ShareConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    wake();
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  @Override
  public void run() {
    ShareConsumer<byte[], byte[]> c =
        new KafkaShareConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer = c;
    try {
      c.subscribe(List.of(topic));
      log.info("{} consuming {} in share group {}", name, topic, settings.groupId());
      loop(c);
    } catch (WakeupException e) {
      if (!killed) {
        log.error("{} woken up unexpectedly", name, e);
      }
    } catch (RuntimeException e) {
      log.error("{} stopped on an unexpected error; its records will be redelivered", name, e);
    } finally {
      for (Held h : held.values()) {
        h.task.abandon();
      }
      if (!held.isEmpty()) {
        log.info("{} releasing {} records still in flight", name, held.size());
        metrics.released.add(held.size());
        metrics.abandoned.add(held.size());
      }
      held.clear();
      try {
        c.close(killed ? Duration.ZERO : Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        log.warn("{}: closing the share consumer failed: {}", name, e.toString());
      }
      log.info("{} stopped", name);
    }
  }

  private void loop(ShareConsumer<byte[], byte[]> c) {
    while (!killed) {
      ConsumerRecords<byte[], byte[]> records = c.poll(held.isEmpty() ? IDLE_POLL : BUSY_POLL);
      acksPending = false; // the poll's ShareFetch carried them
      lastPollNanos = System.nanoTime();
      c.acquisitionLockTimeoutMs()
          .ifPresent(
              ms -> {
                lockNanos = Duration.ofMillis(ms).toNanos();
                renewIntervalNanos = lockNanos / 2;
              });
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
      int fresh = 0;
      for (ConsumerRecord<byte[], byte[]> r : records) {
        Coord coord = Coord.of(r);
        Held h = held.get(coord);
        if (h == null) {
          if (stopping) {
            c.acknowledge(r, AcknowledgeType.RELEASE);
            metrics.released.increment();
            continue;
          }
          h = new Held(processor.start(delivery(r)));
          fresh++;
          h.task.done.whenComplete((d, e) -> wake());
          held.put(coord, h);
        }
        h.seenNanos = lastPollNanos;
        batch.add(r);
      }
      if (log.isDebugEnabled() && !records.isEmpty()) {
        log.debug(
            "{} polled {} records ({} new), holds {}", name, records.count(), fresh, held.size());
      }
      boolean graceOver = acknowledgeBatch(c, batch);
      if (killed) {
        return;
      }
      forgetLost();
      if (stopping && (held.isEmpty() || graceOver)) {
        return; // close() commits the acknowledgements and releases what is left
      }
      awaitCapacity();
    }
  }

  /**
   * Acknowledges every record of the last poll, each as soon as its processing ends, and sends the
   * acknowledgements at once, so that a finished invocation is not redelivered after a crash: with
   * the poll's other records still running, in a ShareAcknowledge request of their own
   * (commitAsync); once the whole poll is done and a permit is free, with the ShareFetch of the
   * poll that follows right away, which saves the broker a request per poll (see {@link
   * #awaitCapacity} for when that poll has to wait). Records still running when their locks need
   * renewing are renewed. Returns whether a stop's grace period ended.
   */
  private boolean acknowledgeBatch(
      ShareConsumer<byte[], byte[]> c, List<ConsumerRecord<byte[], byte[]>> batch) {
    List<ConsumerRecord<byte[], byte[]>> open = new ArrayList<>(batch);
    long renewAt = lastPollNanos + renewIntervalNanos;
    while (!open.isEmpty() && !killed) {
      boolean acked = false;
      for (var it = open.iterator(); it.hasNext(); ) {
        ConsumerRecord<byte[], byte[]> r = it.next();
        Coord coord = Coord.of(r);
        Held h = held.get(coord);
        if (h.task.isDone()) {
          Disposition d = h.task.disposition();
          c.acknowledge(
              r, d == Disposition.ACCEPT ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
          (d == Disposition.ACCEPT ? metrics.accepted : metrics.released).increment();
          held.remove(coord);
          it.remove();
          acked = true;
        }
      }
      if (acked) {
        if (open.isEmpty() && !stopping && limiter.hasCapacity()) {
          acksPending = true;
        } else {
          c.commitAsync();
        }
      }
      if (open.isEmpty()) {
        return false;
      }
      long now = System.nanoTime();
      if (stopping && now - stopDeadlineNanos >= 0) {
        for (ConsumerRecord<byte[], byte[]> r : open) {
          held.remove(Coord.of(r)).task.abandon();
          c.acknowledge(r, AcknowledgeType.RELEASE);
          metrics.released.increment();
          metrics.abandoned.increment();
        }
        return true;
      }
      if (now - renewAt >= 0) {
        for (ConsumerRecord<byte[], byte[]> r : open) {
          c.acknowledge(r, AcknowledgeType.RENEW);
          metrics.renewed.increment();
        }
        return false;
      }
      synchronized (signal) {
        if (open.stream().noneMatch(r -> held.get(Coord.of(r)).task.isDone())) {
          long wait = renewAt - now;
          if (stopping) {
            wait = Math.min(wait, stopDeadlineNanos - now);
          }
          waitOnSignal(Math.min(wait, EARLY_POLL_NANOS));
        }
      }
    }
    return false;
  }

  /**
   * Without free permits, a new poll would only bring records to wait: hold off until a permit is
   * free (the limiter's {@code onFree} wakes this consumer) or a held record's lock needs renewing.
   */
  private void awaitCapacity() {
    if (stopping) {
      return;
    }
    // Set before the limiter is asked, so that a permit coming back in between still wakes us.
    waitingForCapacity = true;
    try {
      waitForCapacity();
    } finally {
      waitingForCapacity = false;
    }
  }

  private void waitForCapacity() {
    synchronized (signal) {
      while (!killed && !stopping && !limiter.hasCapacity()) {
        if (acksPending) {
          consumer.commitAsync(); // the next poll waits: do not let them wait with it
          acksPending = false;
        }
        long now = System.nanoTime();
        long renewAt = Long.MAX_VALUE;
        for (Held h : held.values()) {
          renewAt = Math.min(renewAt, h.seenNanos + renewIntervalNanos);
        }
        if (renewAt != Long.MAX_VALUE && now - renewAt >= 0) {
          return;
        }
        if (now - lastPollNanos >= Duration.ofSeconds(10).toNanos()) {
          return; // stay well within max.poll.interval.ms
        }
        waitOnSignal(
            Math.min(
                renewAt == Long.MAX_VALUE ? EARLY_POLL_NANOS : renewAt - now, EARLY_POLL_NANOS));
      }
    }
  }

  private void waitOnSignal(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      signal.wait(Math.max(1, nanos / 1_000_000), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killed = true;
    }
  }

  /** Records renewed long ago that never came back: their lock was lost to another consumer. */
  private void forgetLost() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<Coord, Held>> it = held.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Coord, Held> e = it.next();
      if (now - e.getValue().seenNanos > 2 * lockNanos) {
        log.warn(
            "{}: {} was not redelivered after its lock renewal; another consumer owns it now",
            name,
            e.getKey());
        e.getValue().task.abandon();
        it.remove();
      }
    }
  }

  private Delivery delivery(ConsumerRecord<byte[], byte[]> r) {
    int count = r.deliveryCount().map(Short::intValue).orElse(1);
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
}
