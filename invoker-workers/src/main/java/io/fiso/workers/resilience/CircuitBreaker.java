package io.fiso.workers.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A count-based circuit breaker for one provider. Closed, it lets every call through and remembers
 * the outcome of the last {@code windowSize} calls; when at least {@code minimumCalls} of them are
 * recorded and the failure rate reaches {@code failureRateThreshold}, it opens. Open, it refuses
 * calls for {@code openDuration}, then half-opens and lets {@code halfOpenCalls} trial calls
 * through: all succeed, it closes; one fails, it opens again.
 *
 * <p>Failures are throttling, transient errors and timeouts: signs that the provider, not the
 * function, is in trouble. A function's own error is a success for the breaker. Thread-safe.
 */
public final class CircuitBreaker {

  private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

  /** The breaker's state. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** Settings of a breaker. */
  public record Settings(
      int windowSize,
      int minimumCalls,
      double failureRateThreshold,
      Duration openDuration,
      int halfOpenCalls) {
    public Settings {
      if (windowSize < 1) {
        throw new IllegalArgumentException("breaker windowSize must be >= 1, was " + windowSize);
      }
      if (minimumCalls < 1 || minimumCalls > windowSize) {
        throw new IllegalArgumentException(
            "breaker minimumCalls must be within 1.." + windowSize + ", was " + minimumCalls);
      }
      if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
        throw new IllegalArgumentException(
            "breaker failureRateThreshold must be within (0, 1], was " + failureRateThreshold);
      }
      Objects.requireNonNull(openDuration, "openDuration");
      if (openDuration.isNegative() || openDuration.isZero()) {
        throw new IllegalArgumentException(
            "breaker openDuration must be positive, was " + openDuration);
      }
      if (halfOpenCalls < 1) {
        throw new IllegalArgumentException(
            "breaker halfOpenCalls must be >= 1, was " + halfOpenCalls);
      }
    }

    /** 20 calls, at least 10, 50% failures, open for 30 s, 3 trial calls. */
    public static Settings defaults() {
      return new Settings(20, 10, 0.5, Duration.ofSeconds(30), 3);
    }
  }

  private final String name;
  private final Settings settings;
  private final Clock clock;
  private final boolean[] window;
  private int next;
  private int recorded;
  private int failures;
  private State state = State.CLOSED;
  private Instant openedAt;
  private int trialsStarted;
  private int trialsSucceeded;
  private long opens;

  public CircuitBreaker(String name, Settings settings, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = new boolean[settings.windowSize()];
  }

  /**
   * Whether a call may be made now. In HALF_OPEN, a permitted call is a trial whose outcome must be
   * recorded.
   */
  public synchronized boolean tryAcquire() {
    if (state == State.CLOSED) {
      return true;
    }
    if (state == State.OPEN) {
      if (Duration.between(openedAt, clock.instant()).compareTo(settings.openDuration()) < 0) {
        return false;
      }
      state = State.HALF_OPEN;
      trialsStarted = 0;
      trialsSucceeded = 0;
      log.info(
          "Circuit breaker {} half-open: letting {} trial calls through",
          name,
          settings.halfOpenCalls());
    }
    if (trialsStarted < settings.halfOpenCalls()) {
      trialsStarted++;
      return true;
    }
    return false;
  }

  /** Records a call that the provider handled (the function may still have failed). */
  public synchronized void onSuccess() {
    if (state == State.HALF_OPEN) {
      trialsSucceeded++;
      if (trialsSucceeded >= settings.halfOpenCalls()) {
        state = State.CLOSED;
        reset();
        log.info("Circuit breaker {} closed: the trial calls succeeded", name);
      }
      return;
    }
    if (state == State.CLOSED) {
      record(false);
    }
  }

  /** Records a call that failed because of the provider (throttled, unavailable, timed out). */
  public synchronized void onFailure() {
    if (state == State.HALF_OPEN) {
      open("a trial call failed");
      return;
    }
    if (state == State.CLOSED) {
      record(true);
      if (recorded >= settings.minimumCalls()
          && (double) failures / recorded >= settings.failureRateThreshold()) {
        open(failures + " of the last " + recorded + " calls failed");
      }
    }
  }

  /** Gives back a trial permit that was not used (the call was never made). */
  public synchronized void release() {
    if (state == State.HALF_OPEN && trialsStarted > 0) {
      trialsStarted--;
    }
  }

  private void record(boolean failure) {
    if (recorded == window.length) {
      if (window[next]) {
        failures--;
      }
    } else {
      recorded++;
    }
    window[next] = failure;
    if (failure) {
      failures++;
    }
    next = (next + 1) % window.length;
  }

  private void open(String why) {
    state = State.OPEN;
    openedAt = clock.instant();
    opens++;
    reset();
    log.warn("Circuit breaker {} open for {}: {}", name, settings.openDuration(), why);
  }

  private void reset() {
    next = 0;
    recorded = 0;
    failures = 0;
    java.util.Arrays.fill(window, false);
  }

  public synchronized State state() {
    if (state == State.OPEN
        && Duration.between(openedAt, clock.instant()).compareTo(settings.openDuration()) >= 0) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** How long until an open breaker lets a trial through (zero unless open). */
  public synchronized Duration remainingOpen() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    Duration left = settings.openDuration().minus(Duration.between(openedAt, clock.instant()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** How many times the breaker opened. */
  public synchronized long opens() {
    return opens;
  }

  public String name() {
    return name;
  }
}
