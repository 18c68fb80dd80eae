package io.fiso.controlplane.support;

import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.controlplane.HealthCheck;
import io.fiso.controlplane.invocation.InvocationGateway;
import io.fiso.controlplane.invocation.InvocationLookup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An in-memory gateway: answers each request with what {@link #answer} says. */
public final class FakeGateway implements InvocationGateway {

  public final List<InvocationRequest> requests = new CopyOnWriteArrayList<>();
  public final Map<String, InvocationLookup> lookups = new ConcurrentHashMap<>();
  public volatile Function<InvocationRequest, CompletableFuture<InvocationResult>> answer =
      r -> new CompletableFuture<>();
  public volatile HealthCheck readiness = HealthCheck.ok("results-consumer", "fake");

  @Override
  public CompletableFuture<InvocationResult> invoke(InvocationRequest request) {
    requests.add(request);
    return answer.apply(request);
  }

  @Override
  public CompletableFuture<Void> submit(InvocationRequest request) {
    requests.add(request);
    return answer.apply(request).thenApply(r -> null);
  }

  @Override
  public InvocationLookup lookup(String invocationId) {
    return lookups.getOrDefault(invocationId, new InvocationLookup.Unknown(Instant.EPOCH, false));
  }

  @Override
  public HealthCheck readiness() {
    return readiness;
  }

  @Override
  public void close() {}
}
