package io.fiso.bench.harness;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How much the JIT compiler worked in this JVM between two readings. On two cores its threads take
 * CPU from everything measured, so a window in which it still compiles a lot is not warm yet: the
 * benchmarks report its share next to their figures.
 */
public final class JitMeter {

  private static final CompilationMXBean BEAN = ManagementFactory.getCompilationMXBean();

  /** One reading: wall time and the JVM's accumulated compilation time (ms; -1 if unknown). */
  public record Snapshot(long wallNanos, long compileMillis) {}

  private JitMeter() {}

  public static Snapshot read() {
    long compile =
        BEAN != null && BEAN.isCompilationTimeMonitoringSupported()
            ? BEAN.getTotalCompilationTime()
            : -1;
    return new Snapshot(System.nanoTime(), compile);
  }

  /**
   * Milliseconds the compiler threads spent compiling per second of wall time between {@code from}
   * and {@code to} (1,000 is one core busy compiling the whole time); -1 when unknown.
   */
  public static double compileMillisPerSecond(Snapshot from, Snapshot to) {
    long wall = to.wallNanos() - from.wallNanos();
    if (from.compileMillis() < 0 || to.compileMillis() < 0 || wall <= 0) {
      return -1;
    }
    return (to.compileMillis() - from.compileMillis()) * 1e9 / wall;
  }
}
