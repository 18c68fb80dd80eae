package io.fiso.controlplane.invocation;

import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.controlplane.HealthCheck;
import java.util.concurrent.CompletableFuture;

/**
 * The control plane's side of the pipeline: writes requests to {@code fiso.invocations} and matches
 * the results on {@code fiso.results} to them by invocation id. {@link
 * io.fiso.controlplane.kafka.KafkaInvocationGateway} is the real one; tests use fakes.
 */
public interface InvocationGateway extends AutoCloseable {

  /**
   * Writes the request and returns its result when one arrives. Interest is registered before the
   * write, so no result can be missed. Completes exceptionally with {@link
   * KafkaUnavailableException} when the write fails, or {@link PayloadTooLargeException} when Kafka
   * refuses the record's size. The caller bounds the wait ({@link CompletableFuture#get(long,
   * java.util.concurrent.TimeUnit)}); a request given up on is still {@link #lookup looked up} as
   * pending until its result arrives.
   */
  CompletableFuture<InvocationResult> invoke(InvocationRequest request);

  /**
   * Writes the request without waiting for its result; completes when the record is durably written
   * (acks=all), exceptionally as {@link #invoke} does.
   */
  CompletableFuture<Void> submit(InvocationRequest request);

  /** What is known about an invocation: its result, that it is still running, or nothing. */
  InvocationLookup lookup(String invocationId);

  /** Whether the gateway can take requests: Kafka reachable, results consumer assigned. */
  HealthCheck readiness();

  @Override
  void close();
}
