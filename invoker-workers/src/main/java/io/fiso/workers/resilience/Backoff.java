package io.fiso.workers.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the n-th retry waits a uniformly random time in {@code [0, min(max, base × 2^n)]}. Full jitter
 * spreads retries of many workers throttled at once, so that they do not come back together.
 *
 * @param base the ceiling of the first retry's wait
 * @param max the largest ceiling
 */
public record Backoff(Duration base, Duration max) {

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive, was " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff max (" + max + ") must be at least its base (" + base + ")");
    }
  }

  /** The ceiling of retry {@code retry} (0 for the first retry). */
  public Duration ceiling(int retry) {
    long baseNanos = base.toNanos();
    long maxNanos = max.toNanos();
    int shift = Math.min(Math.max(retry, 0), 62);
    long ceiling = baseNanos > (maxNanos >> shift) ? maxNanos : baseNanos << shift;
    return Duration.ofNanos(Math.min(ceiling, maxNanos));
  }

  /** A random wait before retry {@code retry}. */
  public Duration delay(int retry) {
    return delay(
        retry, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * The wait before retry {@code retry}, with {@code random} giving a value in {@code [0, bound]}
   * for a bound in nanoseconds (tests pass a fixed function).
   */
  public Duration delay(int retry, LongUnaryOperator random) {
    long bound = ceiling(retry).toNanos();
    long nanos = random.applyAsLong(bound);
    return Duration.ofNanos(Math.max(0, Math.min(nanos, bound)));
  }
}
