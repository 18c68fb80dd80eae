package io.fiso.workers;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where a worker writes. Each future completes when the broker has acknowledged the record
 * (acks=all, idempotent producer) and fails when it could not be written.
 */
public interface Outputs extends AutoCloseable {

  CompletableFuture<Void> result(InvocationResult result);

  CompletableFuture<Void> cost(CostEvent event);

  /** Sends an invocation back to fiso.invocations for the router to pick another provider. */
  CompletableFuture<Void> failover(InvocationRequest request, Map<String, byte[]> headers);

  /** {@code key}: the original record's key bytes. */
  CompletableFuture<Void> deadLetter(byte[] key, DeadLetter deadLetter);

  @Override
  void close();

  /** Closes without waiting for records not yet sent (a crash, in tests). */
  void abort();
}
