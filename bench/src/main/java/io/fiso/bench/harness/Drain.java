package io.fiso.bench.harness;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Measures the sustained maximum rate of a consume→process→produce application: it starts on a
 * backlog that was written beforehand, the first {@code warmup} records it completes are excluded
 * (JIT, group join, state restoration, first fetches), and the rate is taken over the next {@code
 * window} of wall time, or until the backlog runs out.
 *
 * <p>Progress is sampled every few milliseconds. Under exactly-once, completed records become
 * visible in bursts at each transaction commit; the rate is therefore taken between the first
 * sample at or past the warm-up and the last sample at which progress moved, both of which lie on a
 * burst, so the commit interval does not bias it.
 */
public final class Drain {

  private static final long SAMPLE_NANOS = 10_000_000;

  private Drain() {}

  /**
   * The outcome of one drain.
   *
   * @param records records completed inside the measured interval
   * @param seconds length of the measured interval
   * @param warmupSeconds how long the warm-up took from the start of the wait
   * @param cpu how busy the machine was while the records counted were done (from the end of the
   *     warm-up to the end of the measurement), null where not measured
   * @param cpuByRole this JVM's CPU time per record in µs by role ({@link ThreadCpu#ROLES}): the
   *     total of {@link #cpuPerRecord()}, split in the proportions the threads used from the end of
   *     the warm-up to the end of the measurement (which may run up to one commit interval past the
   *     last counted step); null where not measured
   */
  public record Result(
      long records, double seconds, double warmupSeconds, CpuMeter.Usage cpu, double[] cpuByRole) {
    public Result(long records, double seconds, double warmupSeconds) {
      this(records, seconds, warmupSeconds, null, null);
    }

    /** The split of {@link #cpuByRole()} for the log, or "" where not measured. */
    public String cpuByRoleText() {
      if (cpuByRole == null) {
        return "";
      }
      StringBuilder out = new StringBuilder("; ");
      for (int i = 0; i < cpuByRole.length; i++) {
        out.append(i == 0 ? "" : ", ")
            .append(ThreadCpu.ROLES[i])
            .append(' ')
            .append(String.format(java.util.Locale.ROOT, "%.2f", cpuByRole[i]));
      }
      return out.append(" µs/record").toString();
    }

    public double perSecond() {
      return records / seconds;
    }

    /**
     * This JVM's CPU time per record over the measured interval (broker, system under test and the
     * harness's sampling together) and the machine's load, for the log.
     */
    public String cpuPerRecord() {
      if (cpu == null || records <= 0) {
        return "CPU not measured";
      }
      double micros = microsPerRecord(cpu, seconds, records);
      return String.format(
          java.util.Locale.ROOT,
          "this JVM %.2f µs CPU/record, machine %.0f%% busy",
          micros,
          cpu.machineBusy() * 100);
    }
  }

  /** This JVM's CPU time per record in µs, from its share of all cores over the interval. */
  static double microsPerRecord(CpuMeter.Usage cpu, double seconds, long records) {
    if (records <= 0) {
      return Double.NaN;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return cpu.thisProcess() * cores * seconds * 1e6 / records;
  }

  /**
   * Waits for {@code progress} (records completed so far) to pass {@code warmup}, then measures.
   *
   * @param total the size of the backlog: the measurement ends when it is all done
   * @param timeout how long the warm-up may take before the run is declared stalled
   * @throws IllegalStateException when the application stalls: naming where it stopped
   */
  public static Result measure(
      String what,
      LongSupplier progress,
      long warmup,
      long total,
      Duration window,
      Duration timeout)
      throws InterruptedException {
    return measure(what, progress, warmup, total, window, timeout, null);
  }

  /**
   * As {@link #measure(String, LongSupplier, long, long, Duration, Duration)}, also splitting this
   * JVM's CPU time by role ({@link ThreadCpu}).
   *
   * @param systemTag the run tag in the names of the system's threads; null: no split
   */
  public static Result measure(
      String what,
      LongSupplier progress,
      long warmup,
      long total,
      Duration window,
      Duration timeout,
      String systemTag)
      throws InterruptedException {
    if (warmup >= total) {
      throw new IllegalArgumentException(
          what + ": the warm-up (" + warmup + ") must be smaller than the backlog (" + total + ")");
    }
    long begin = System.nanoTime();
    long deadline = begin + timeout.toNanos();
    long startCount;
    long startTime;
    while (true) {
      long c = progress.getAsLong();
      long now = System.nanoTime();
      if (c >= warmup) {
        startCount = c;
        startTime = now;
        break;
      }
      if (now > deadline) {
        throw new IllegalStateException(
            what
                + " stalled: "
                + c
                + " of "
                + warmup
                + " warm-up records done after "
                + timeout.toSeconds()
                + " s");
      }
      sleepSample();
    }
    CpuMeter.Snapshot cpuAtStart = CpuMeter.read();
    ThreadCpu.Snapshot threadsAtStart = systemTag == null ? null : ThreadCpu.read();
    CpuMeter.Snapshot cpuAtLastMove = cpuAtStart;
    long end = startTime + window.toNanos();
    long lastCount = startCount;
    long lastMove = startTime;
    long stallLimit = Math.max(window.toNanos(), Duration.ofSeconds(10).toNanos());
    while (true) {
      sleepSample();
      long c = progress.getAsLong();
      long now = System.nanoTime();
      if (c >= total && lastMove > startTime) {
        // The step that completes the backlog comes at the first commit after the work ran out,
        // up to a commit interval late: the rate ends at the step before it.
        break;
      }
      if (c != lastCount) {
        lastCount = c;
        lastMove = now;
        cpuAtLastMove = CpuMeter.read();
      }
      if (c >= total || now >= end) {
        break;
      }
      if (now - lastMove > stallLimit) {
        throw new IllegalStateException(
            what + " stalled at " + c + " of " + total + " records (no progress for 10 s)");
      }
    }
    if (lastMove == startTime) {
      throw new IllegalStateException(
          what
              + ": no progress within the "
              + window.toMillis()
              + " ms window after the warm-up; lengthen --window or enlarge the backlog");
    }
    long records = lastCount - startCount;
    double seconds = (lastMove - startTime) / 1e9;
    CpuMeter.Usage cpu = CpuMeter.between(cpuAtStart, cpuAtLastMove);
    double[] byRole = null;
    if (threadsAtStart != null) {
      byRole =
          ThreadCpu.between(threadsAtStart, ThreadCpu.read(), systemTag)
              .perRecordMicros(microsPerRecord(cpu, seconds, records));
    }
    return new Result(records, seconds, (startTime - begin) / 1e9, cpu, byRole);
  }

  /**
   * For applications measured by committed offsets ({@link GroupProgress}): the rate from the
   * moment {@code warmup} records are committed to the moment all {@code total} are committed and
   * {@code drained} says every downstream stage caught up.
   */
  public static Result measureToCompletion(
      String what,
      java.util.function.Supplier<GroupProgress.Reading> progress,
      long warmup,
      long total,
      Duration timeout)
      throws InterruptedException {
    long begin = System.nanoTime();
    long deadline = begin + timeout.toNanos();
    long startCount = -1;
    long startTime = 0;
    GroupProgress.Reading r;
    while (true) {
      r = progress.get();
      long now = System.nanoTime();
      if (startCount < 0 && r.sourceCommitted() >= warmup) {
        startCount = r.sourceCommitted();
        startTime = now;
      }
      if (startCount >= 0 && r.sourceCommitted() >= total && r.internalLag() == 0) {
        if (now == startTime) {
          throw new IllegalStateException(
              what + ": warm-up and backlog finished at once; enlarge the backlog");
        }
        return new Result(total - startCount, (now - startTime) / 1e9, (startTime - begin) / 1e9);
      }
      if (now > deadline) {
        throw new IllegalStateException(
            what
                + " did not finish within "
                + timeout.toSeconds()
                + " s: "
                + Math.max(0, r.sourceCommitted())
                + " of "
                + total
                + " records committed, internal lag "
                + r.internalLag());
      }
      Thread.sleep(20);
    }
  }

  private static void sleepSample() throws InterruptedException {
    Thread.sleep(SAMPLE_NANOS / 1_000_000, (int) (SAMPLE_NANOS % 1_000_000));
  }
}
