package io.fiso.controlplane.policy;

import io.fiso.avro.RoutingPolicy;
import io.fiso.controlplane.HealthCheck;
import java.util.List;
import java.util.Optional;

/**
 * The routing policies in force, as the router sees them on the compacted {@code fiso.policies}
 * topic, and the writes the API makes to it. {@link io.fiso.controlplane.kafka.KafkaPolicyStore} is
 * the real one; tests use fakes. Reads throw {@link
 * io.fiso.controlplane.backend.BackendUnavailableException} until the topic has been read to its
 * end once.
 */
public interface PolicyStore extends AutoCloseable {

  /** Every policy, ordered by function ("*" first). */
  List<RoutingPolicy> list();

  /** The policy of a function ("*" = the default policy). */
  Optional<RoutingPolicy> get(String function);

  /**
   * Writes a policy as the next version of its function (current version + 1, or 1) with updatedAt
   * = now, and returns what was written once this store reflects it.
   *
   * @throws io.fiso.controlplane.invocation.KafkaUnavailableException when the write fails
   */
  RoutingPolicy put(RoutingPolicy policy);

  /**
   * Writes a tombstone for a function's policy.
   *
   * @return the policy that was deleted, or empty when there was none (nothing is written then)
   */
  Optional<RoutingPolicy> delete(String function);

  /** Whether the policies have been loaded and can be written. */
  HealthCheck readiness();

  @Override
  void close();
}
