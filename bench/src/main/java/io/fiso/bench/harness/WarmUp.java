package io.fiso.bench.harness;

import java.time.Duration;

/**
 * When a benchmark's untimed warm-up rounds may stop: after a minimum time, once the JIT compiled
 * no more than a threshold over the last round, and in any case at a limit. In one JVM holding the
 * broker, the clients, the SDKs and FISO, the JIT compiles for minutes (more than a core's worth
 * for the first two on two cores), and a figure taken meanwhile measures the compiler as well.
 */
public final class WarmUp {

  /** The warm-up stops here even while the JIT still compiles. */
  public static final Duration LIMIT = Duration.ofMinutes(10);

  private WarmUp() {}

  /**
   * Whether the warm-up goes on at {@code nowNanos}: until {@code limitNanos} at most, and before
   * that while {@code endNanos} is not reached or the JIT compiled more than {@code quiet} ms per s
   * over the last round (an unknown rate, -1, counts as quiet).
   */
  public static boolean keepGoing(
      long nowNanos, long endNanos, long limitNanos, double compiling, double quiet) {
    return nowNanos - limitNanos < 0 && (nowNanos - endNanos < 0 || compiling > quiet);
  }

  /** The limit for a warm-up of at least {@code minimum} started at {@code startNanos}. */
  public static long limitNanos(long startNanos, Duration minimum) {
    return startNanos + Math.max(minimum.toNanos(), LIMIT.toNanos());
  }
}
