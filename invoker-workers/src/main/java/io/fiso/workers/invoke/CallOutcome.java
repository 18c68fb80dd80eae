package io.fiso.workers.invoke;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one provider call ended, classified so that the worker can decide what to do, plus what the
 * provider reported or what was measured for billing.
 *
 * @param kind the classification
 * @param statusCode HTTP-like status: the provider's, or FISO's for calls rejected before sending
 * @param response the function's answer (SYNC), or null
 * @param responseContentType media type of {@code response}
 * @param errorType machine-readable kind of error (null on success), e.g. Unhandled,
 *     TooManyRequestsException, PayloadTooLarge
 * @param errorMessage what happened, in words; never contains secrets
 * @param reachedProvider whether the request reached the provider (it answered or timed out after
 *     sending); a call refused before sending, or whose connection failed, did not
 * @param startedAt when the call started
 * @param latency round trip as measured by the worker
 * @param metering what the provider reported about the run, or what was measured
 * @param retryAfter how long the provider asked us to wait (Retry-After), or null
 */
public record CallOutcome(
    Kind kind,
    int statusCode,
    byte[] response,
    String responseContentType,
    String errorType,
    String errorMessage,
    boolean reachedProvider,
    Instant startedAt,
    Duration latency,
    Metering metering,
    Duration retryAfter) {

  /** Classification of a call's end. */
  public enum Kind {
    /** The function ran and answered (SYNC). */
    SUCCEEDED(false, true),
    /** The provider accepted the event for asynchronous execution (ASYNC). */
    ACCEPTED(false, true),
    /** The function ran and failed (Lambda X-Amz-Function-Error, HTTP 500 from the function). */
    FUNCTION_ERROR(false, true),
    /** The call did not finish within its timeout; the function may have run. */
    TIMED_OUT(false, true),
    /** The provider refused the call for lack of capacity (429): retried with backoff. */
    THROTTLED(true, false),
    /** The provider or the network failed (5xx, connection refused/reset): retried with backoff. */
    TRANSIENT(true, false),
    /** The provider refused the request as invalid (4xx: unknown function, auth, size). */
    CLIENT_ERROR(false, false),
    /** FISO refused the call before sending it (payload over the limit, malformed target). */
    REJECTED(false, false);

    private final boolean retriable;
    private final boolean billed;

    Kind(boolean retriable, boolean billed) {
      this.retriable = retriable;
      this.billed = billed;
    }

    /** Whether another call to the same provider may succeed (with backoff). */
    public boolean retriable() {
      return retriable;
    }

    /** Whether the provider bills such a call (the function ran, or was accepted to run). */
    public boolean billed() {
      return billed;
    }
  }

  public CallOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(metering, "metering");
  }

  /** A call refused by FISO before it was sent. */
  public static CallOutcome rejected(int statusCode, String errorType, String message) {
    return new CallOutcome(
        Kind.REJECTED,
        statusCode,
        null,
        null,
        errorType,
        message,
        false,
        Instant.now(),
        Duration.ZERO,
        Metering.NONE,
        null);
  }

  /** A call that ended without a function answer (no response body). */
  public static CallOutcome error(
      Kind kind,
      int statusCode,
      String errorType,
      String errorMessage,
      boolean reachedProvider,
      Instant startedAt,
      Duration latency,
      Metering metering,
      Duration retryAfter) {
    return new CallOutcome(
        kind,
        statusCode,
        null,
        null,
        errorType,
        errorMessage,
        reachedProvider,
        startedAt,
        latency,
        metering,
        retryAfter);
  }

  /** When the call ended. */
  public Instant completedAt() {
    return startedAt.plus(latency);
  }

  public double latencyMs() {
    return latency.toNanos() / 1_000_000.0;
  }

  /** The function's run time: the provider's report when there is one, else the round trip. */
  public double durationMs() {
    return metering.durationMs() != null ? metering.durationMs() : latencyMs();
  }

  /** Whether the provider reported (or FISO detected) a cold start. */
  public boolean coldStart() {
    return metering.initDurationMs() != null;
  }

  /** The same outcome with another classification (e.g. a timeout seen as TRANSIENT). */
  public CallOutcome withKind(Kind other) {
    return new CallOutcome(
        other,
        statusCode,
        response,
        responseContentType,
        errorType,
        errorMessage,
        reachedProvider,
        startedAt,
        latency,
        metering,
        retryAfter);
  }

  @Override
  public String toString() {
    return kind
        + " "
        + statusCode
        + (errorType == null ? "" : " " + errorType + ": " + errorMessage)
        + " in "
        + Math.round(latencyMs())
        + " ms";
  }
}
