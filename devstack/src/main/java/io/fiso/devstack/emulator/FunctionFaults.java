package io.fiso.devstack.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What an emulator does wrong on purpose for one function, for tests and benchmarks. Every setting
 * can be changed while the emulator runs (from a test, or over the control API as a {@link Plan}).
 * Thread-safe.
 *
 * <ul>
 *   <li>{@link #latency}: extra run time of every call (the function "works" that long).
 *   <li>{@link #failNext} / {@link #errorRate}: the function throws (an unhandled error).
 *   <li>{@link #throttleNext} / {@link #throttleRate}: the provider refuses with 429.
 *   <li>{@link #unavailable} / {@link #unavailableNext}: the provider answers 5xx (it is down).
 *   <li>{@link #coldStartNext} / {@link #coldStartDelay}: a new instance starts (Lambda reports its
 *       Init Duration) and starting takes that long.
 *   <li>{@link #concurrencyLimit}: calls beyond this many at once are throttled (Lambda's reserved
 *       concurrency).
 * </ul>
 */
public final class FunctionFaults {

  /** A snapshot of the settings, as the control API reads and writes them (JSON). */
  public record Plan(
      long latencyMs,
      int failNext,
      double errorRate,
      int throttleNext,
      double throttleRate,
      boolean unavailable,
      int unavailableNext,
      int coldStartNext,
      long coldStartMs,
      int concurrencyLimit) {

    public static Plan none() {
      return new Plan(0, 0, 0, 0, 0, false, 0, 0, 0, 0);
    }
  }

  /** What the provider does with one request before running the function. */
  enum Gate {
    PASS,
    THROTTLE,
    UNAVAILABLE
  }

  private Duration latency = Duration.ZERO;
  private int failNext;
  private double errorRate;
  private int throttleNext;
  private double throttleRate;
  private boolean unavailable;
  private int unavailableNext;
  private int coldStartNext;
  private Duration coldStartDelay = Duration.ZERO;
  private int concurrencyLimit;
  private final SplittableRandom random;

  public FunctionFaults() {
    this(42);
  }

  /** With a seed for the random error and throttle rates, so that a run can be repeated. */
  public FunctionFaults(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public synchronized FunctionFaults latency(Duration latency) {
    this.latency = nonNegative(latency, "latency");
    return this;
  }

  public synchronized FunctionFaults failNext(int calls) {
    this.failNext = count(calls, "failNext");
    return this;
  }

  public synchronized FunctionFaults errorRate(double rate) {
    this.errorRate = rate(rate, "errorRate");
    return this;
  }

  public synchronized FunctionFaults throttleNext(int calls) {
    this.throttleNext = count(calls, "throttleNext");
    return this;
  }

  public synchronized FunctionFaults throttleRate(double rate) {
    this.throttleRate = rate(rate, "throttleRate");
    return this;
  }

  /** Down: every call gets a 5xx until set back to false. */
  public synchronized FunctionFaults unavailable(boolean down) {
    this.unavailable = down;
    return this;
  }

  public synchronized FunctionFaults unavailableNext(int calls) {
    this.unavailableNext = count(calls, "unavailableNext");
    return this;
  }

  public synchronized FunctionFaults coldStartNext(int calls) {
    this.coldStartNext = count(calls, "coldStartNext");
    return this;
  }

  public synchronized FunctionFaults coldStartDelay(Duration delay) {
    this.coldStartDelay = nonNegative(delay, "coldStartDelay");
    return this;
  }

  /** At most this many calls at once, 0 for no limit. */
  public synchronized FunctionFaults concurrencyLimit(int limit) {
    this.concurrencyLimit = count(limit, "concurrencyLimit");
    return this;
  }

  /** Back to a well-behaved function. */
  public synchronized FunctionFaults reset() {
    apply(Plan.none());
    return this;
  }

  public synchronized Plan plan() {
    return new Plan(
        latency.toMillis(),
        failNext,
        errorRate,
        throttleNext,
        throttleRate,
        unavailable,
        unavailableNext,
        coldStartNext,
        coldStartDelay.toMillis(),
        concurrencyLimit);
  }

  /** Replaces every setting with {@code plan}'s. */
  public synchronized FunctionFaults apply(Plan plan) {
    Objects.requireNonNull(plan, "plan");
    latency(Duration.ofMillis(plan.latencyMs()));
    failNext(plan.failNext());
    errorRate(plan.errorRate());
    throttleNext(plan.throttleNext());
    throttleRate(plan.throttleRate());
    unavailable(plan.unavailable());
    unavailableNext(plan.unavailableNext());
    coldStartNext(plan.coldStartNext());
    coldStartDelay(Duration.ofMillis(plan.coldStartMs()));
    concurrencyLimit(plan.concurrencyLimit());
    return this;
  }

  // ------------------------------------------------------------- decisions (emulators)

  /** Decides, for one request, whether the provider lets it through (before concurrency). */
  synchronized Gate gate() {
    if (unavailable) {
      return Gate.UNAVAILABLE;
    }
    if (unavailableNext > 0) {
      unavailableNext--;
      return Gate.UNAVAILABLE;
    }
    if (throttleNext > 0) {
      throttleNext--;
      return Gate.THROTTLE;
    }
    if (throttleRate > 0 && random.nextDouble() < throttleRate) {
      return Gate.THROTTLE;
    }
    return Gate.PASS;
  }

  /** Whether this call's function throws. */
  synchronized boolean failsNow() {
    if (failNext > 0) {
      failNext--;
      return true;
    }
    return errorRate > 0 && random.nextDouble() < errorRate;
  }

  /** Whether this call must start a new instance even if a warm one is free. */
  synchronized boolean forcedColdStart() {
    if (coldStartNext > 0) {
      coldStartNext--;
      return true;
    }
    return false;
  }

  synchronized Duration latency() {
    return latency;
  }

  synchronized Duration coldStartDelay() {
    return coldStartDelay;
  }

  synchronized int concurrencyLimit() {
    return concurrencyLimit;
  }

  static void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + d);
    }
    return d;
  }

  private static int count(int n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + n);
    }
    return n;
  }

  private static double rate(double r, String name) {
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + r);
    }
    return r;
  }
}
