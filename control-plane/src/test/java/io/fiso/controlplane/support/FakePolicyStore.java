package io.fiso.controlplane.support;

import io.fiso.avro.RoutingPolicy;
import io.fiso.controlplane.HealthCheck;
import io.fiso.controlplane.policy.PolicyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Policies in a map, versioned like the Kafka store. */
public final class FakePolicyStore implements PolicyStore {

  private final Map<String, RoutingPolicy> policies = new TreeMap<>();

  @Override
  public synchronized List<RoutingPolicy> list() {
    return List.copyOf(policies.values());
  }

  @Override
  public synchronized Optional<RoutingPolicy> get(String function) {
    return Optional.ofNullable(policies.get(function));
  }

  @Override
  public synchronized RoutingPolicy put(RoutingPolicy policy) {
    long version =
        Optional.ofNullable(policies.get(policy.getFunction()))
            .map(p -> p.getVersion() + 1)
            .orElse(1L);
    RoutingPolicy written =
        RoutingPolicy.newBuilder(policy)
            .setVersion(version)
            .setUpdatedAt(Instant.parse("2026-11-26T00:00:00Z"))
            .build();
    policies.put(policy.getFunction(), written);
    return written;
  }

  @Override
  public synchronized Optional<RoutingPolicy> delete(String function) {
    return Optional.ofNullable(policies.remove(function));
  }

  @Override
  public HealthCheck readiness() {
    return HealthCheck.ok("policies", "fake");
  }

  @Override
  public void close() {}
}
