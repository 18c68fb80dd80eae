package io.fiso.workers.invoke;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import java.time.Duration;
import java.util.Objects;

/**
 * One provider call to make: what an {@link Invoker} needs, nothing about Kafka.
 *
 * @param invocationId the FISO invocation id; travels to the function so it can deduplicate
 * @param function the logical function name (for logs and errors)
 * @param target the deployment to call
 * @param mode SYNC waits for the function's answer; ASYNC hands the event to the provider
 * @param payload the event, as-is
 * @param contentType media type of {@code payload}
 * @param traceparent the W3C trace context to send (already a child of the caller's)
 * @param timeout how long this call may take before it is abandoned as TIMED_OUT
 */
public record Call(
    String invocationId,
    String function,
    FunctionTarget target,
    InvocationMode mode,
    byte[] payload,
    String contentType,
    String traceparent,
    Duration timeout) {

  public Call {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(traceparent, "traceparent");
    Objects.requireNonNull(timeout, "timeout");
    if (contentType == null || contentType.isBlank()) {
      contentType = "application/json";
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "invocation " + invocationId + ": call timeout must be positive, was " + timeout);
    }
  }

  /** Whether the caller waits for the function's answer. */
  public boolean sync() {
    return mode == InvocationMode.SYNC;
  }
}
