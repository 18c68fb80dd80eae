package io.fiso.bench.harness;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a benchmark's untimed warm-up rounds may stop: after a minimum time, once the JIT compiled
 * no more than a threshold over the last round, and in any case at a limit. In one JVM holding the
 * broker, the clients, the SDKs and FISO, the JIT compiles for minutes (more than a core's worth
 * for the first two on two cores), and a figure taken meanwhile measures the compiler as well.
 */
public final class WarmUp {

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /** One untimed round of a benchmark's scenarios. */
  @FunctionalInterface
  public interface Round {
    void run(int round) throws InterruptedException;
  }

  /**
   * What a warm-up did.
   *
   * @param rounds rounds run
   * @param seconds how long they took
   * @param compiling the JIT's ms of compilation per s over the last round (-1 if unknown)
   */
  public record Result(int rounds, long seconds, double compiling) {}

  /**
   * Runs {@code round} until {@code minimum} has passed and the JIT compiled at most {@code quiet}
   * ms per s over the last round, {@link #LIMIT} (or {@code minimum}, if longer) at most; at least
   * once.
   */
  public static Result run(Duration minimum, double quiet, Round round)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + minimum.toNanos();
    long limit = limitNanos(start, minimum);
    JitMeter.Snapshot jit = JitMeter.read();
    double compiling;
    int rounds = 0;
    do {
      rounds++;
      round.run(rounds);
      JitMeter.Snapshot now = JitMeter.read();
      compiling = JitMeter.compileMillisPerSecond(jit, now);
      jit = now;
      log.info(
          "JVM warm-up round {} done after {} s; the JIT compiled {} ms per s during it (quiet"
              + " enough at {})",
          rounds,
          (System.nanoTime() - start) / 1_000_000_000L,
          Math.round(compiling),
          Math.round(quiet));
    } while (keepGoing(System.nanoTime(), end, limit, compiling, quiet));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    if (compiling > quiet) {
      log.warn(
          "The JIT still compiled {} ms per s after {} s of warm-up; measuring anyway",
          Math.round(compiling),
          seconds);
    }
    return new Result(rounds, seconds, compiling);
  }

  /**
   * Checks a benchmark's {@code --warmup-time} and {@code --jit-quiet}.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  public static void check(Duration minimum, double quiet) {
    if (minimum.isNegative()) {
      throw new IllegalArgumentException(
          "--warmup-time must be 0 or more, was " + minimum.toMillis() + " ms");
    }
    if (!(quiet > 0)) {
      throw new IllegalArgumentException(
          "--jit-quiet is ms of compilation per s, more than 0; was " + quiet);
    }
  }

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
