package io.fiso.workers;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a worker group (thread-safe); {@link #snapshot()} reads them at once. */
public final class WorkerMetrics {

  final LongAdder records = new LongAdder();
  final LongAdder calls = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final LongAdder functionErrors = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder timedOut = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder failovers = new LongAdder();
  final LongAdder accepted = new LongAdder();
  final LongAdder released = new LongAdder();
  final LongAdder abandoned = new LongAdder();
  final LongAdder renewed = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder poison = new LongAdder();
  final LongAdder unpriced = new LongAdder();
  final AtomicLong maxInFlight = new AtomicLong();

  /**
   * The counters at one moment. {@code released}: records given back for another delivery (a
   * transient failure, or polled during a shutdown and never started); {@code abandoned}: records
   * whose processing was cut short by a shutdown or a crash (released while their call ran).
   */
  public record Snapshot(
      long records,
      long calls,
      long retries,
      long succeeded,
      long functionErrors,
      long failed,
      long timedOut,
      long rejected,
      long throttled,
      long failovers,
      long accepted,
      long released,
      long abandoned,
      long renewed,
      long deadLettered,
      long poison,
      long unpriced,
      int inFlight,
      long maxInFlight) {}

  private final java.util.function.IntSupplier inFlight;

  WorkerMetrics(java.util.function.IntSupplier inFlight) {
    this.inFlight = inFlight;
  }

  public Snapshot snapshot() {
    return new Snapshot(
        records.sum(),
        calls.sum(),
        retries.sum(),
        succeeded.sum(),
        functionErrors.sum(),
        failed.sum(),
        timedOut.sum(),
        rejected.sum(),
        throttled.sum(),
        failovers.sum(),
        accepted.sum(),
        released.sum(),
        abandoned.sum(),
        renewed.sum(),
        deadLettered.sum(),
        poison.sum(),
        unpriced.sum(),
        inFlight.getAsInt(),
        maxInFlight.get());
  }
}
