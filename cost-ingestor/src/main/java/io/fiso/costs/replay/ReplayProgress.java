package io.fiso.costs.replay;

import java.io.PrintWriter;
import java.util.Locale;

/** Told how far a replay has read. Called from the reading thread. */
public interface ReplayProgress {

  /** {@code read} of {@code total} records (between the start and end offsets) read so far. */
  void onProgress(long read, long total);

  /** The replay finished. */
  default void onDone(ReplaySummary summary) {}

  /** Reports nothing. */
  static ReplayProgress none() {
    return (read, total) -> {};
  }

  /**
   * Prints {@code reading fiso.costs: 120,000 of 500,000 records (24%)} to {@code out} (stderr), at
   * most once a second and only when the read lasts longer than two seconds.
   */
  static ReplayProgress printingTo(PrintWriter out, String topic) {
    return new ReplayProgress() {
      private final long started = System.nanoTime();
      private long lastPrinted;
      private boolean printed;

      @Override
      public void onProgress(long read, long total) {
        long now = System.nanoTime();
        if (now - started < 2_000_000_000L || now - lastPrinted < 1_000_000_000L) {
          return;
        }
        lastPrinted = now;
        printed = true;
        out.printf(
            Locale.ROOT,
            "\rreading %s: %,d of %,d records (%d%%)   ",
            topic,
            read,
            total,
            total == 0 ? 100 : read * 100 / total);
        out.flush();
      }

      @Override
      public void onDone(ReplaySummary s) {
        if (printed) {
          out.println();
        }
        if (s.undecodable() + s.invalid() > 0) {
          out.printf(
              Locale.ROOT,
              "skipped %,d undecodable and %,d invalid cost records (the cost-ingestor dead-letters"
                  + " them to fiso.deadletter)%n",
              s.undecodable(),
              s.invalid());
        }
        if (s.duplicates() > 0) {
          out.printf(
              Locale.ROOT, "ignored %,d duplicate cost events (same eventId)%n", s.duplicates());
        }
      }
    };
  }
}
