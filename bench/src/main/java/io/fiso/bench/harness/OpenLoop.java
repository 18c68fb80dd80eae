package io.fiso.bench.harness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Open-loop load: record {@code seq} is due at {@code start + seq × period}, whatever happened to
 * the records before it. A sender that falls behind sends at once and never moves the schedule, and
 * latency is measured from the due (intended) time, not from when the send happened: a stall
 * anywhere shows up in the latencies of every record it delayed (no coordinated omission).
 *
 * <p>Keys carry the sequence number ({@code <tag>-<seq>}), so whoever reads a result computes its
 * intended time from the key alone, whatever the system under test did to headers or values.
 */
public final class OpenLoop {

  private OpenLoop() {}

  /** When each record is due. */
  public record Schedule(long startNanos, long periodNanos) {

    public static Schedule at(double ratePerSecond, long startNanos) {
      if (!(ratePerSecond > 0)) {
        throw new IllegalArgumentException("rate must be > 0 records/s, was " + ratePerSecond);
      }
      return new Schedule(startNanos, Math.max(1, Math.round(1e9 / ratePerSecond)));
    }

    public long intended(long seq) {
      return startNanos + seq * periodNanos;
    }

    public double ratePerSecond() {
      return 1e9 / periodNanos;
    }
  }

  /** A prepared record: its key must be {@link #key(String, long)} of its sequence number. */
  public record Prepared(byte[] key, byte[] value) {}

  /**
   * What the sender achieved.
   *
   * @param sent records handed to the producer
   * @param maxLateNanos the most a send happened after its due time (the sender's own lag)
   */
  public record Sent(long sent, long maxLateNanos) {}

  /** The key of record {@code seq}. */
  public static String key(String tag, long seq) {
    return tag + "-" + seq;
  }

  /** The sequence number in a key made by {@link #key}, or -1 when there is none. */
  public static long seqOf(byte[] key) {
    if (key == null || key.length == 0) {
      return -1;
    }
    long value = 0;
    long scale = 1;
    int i = key.length - 1;
    for (; i >= 0 && key[i] != '-'; i--) {
      int digit = key[i] - '0';
      if (digit < 0 || digit > 9 || scale > 1_000_000_000_000_000L) {
        return -1;
      }
      value += digit * scale;
      scale *= 10;
    }
    return i < 0 || scale == 1 ? -1 : value;
  }

  /** Same as {@link #seqOf(byte[])}, for string keys. */
  public static long seqOf(String key) {
    return key == null ? -1 : seqOf(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code records.get(i)} at {@code schedule.intended(i)} to {@code topic}, sleeping between
   * due times and sending every record already due at once; returns when the last one was handed to
   * the producer (not when it was acknowledged).
   */
  public static Sent run(
      Producer<byte[], byte[]> producer, String topic, List<Prepared> records, Schedule schedule) {
    long maxLate = 0;
    int n = records.size();
    for (int i = 0; i < n; i++) {
      long due = schedule.intended(i);
      long now = System.nanoTime();
      while (now < due) {
        LockSupport.parkNanos(due - now);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          return new Sent(i, maxLate);
        }
        now = System.nanoTime();
      }
      maxLate = Math.max(maxLate, now - due);
      Prepared p = records.get(i);
      producer.send(new ProducerRecord<>(topic, p.key(), p.value()));
    }
    return new Sent(n, maxLate);
  }

  /** Milliseconds, for messages. */
  public static double ms(long nanos) {
    return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
  }
}
