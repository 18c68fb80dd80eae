package io.fiso.workers;

import io.fiso.avro.Alternative;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingStrategy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests and routing decisions for the worker tests. */
final class Fixtures {

  static final Map<String, String> LABELS = Map.of("team", "payments", "environment", "test");

  private Fixtures() {}

  static InvocationRequest request(String id, InvocationMode mode, byte[] payload) {
    return InvocationRequest.newBuilder()
        .setInvocationId(id)
        .setFunction("fiso-sample")
        .setPayload(ByteBuffer.wrap(payload))
        .setContentType("application/json")
        .setMode(mode)
        .setLabels(LABELS)
        .setRequestedAt(Instant.now())
        .build();
  }

  static InvocationRequest request(String id) {
    return request(
        id, InvocationMode.SYNC, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The request routed to {@code chosen}; every other target of {@code policy} an eligible
   * alternative.
   */
  static RoutedInvocation routed(
      InvocationRequest request, FunctionTarget chosen, List<FunctionTarget> policy) {
    List<Alternative> alternatives = new ArrayList<>();
    for (FunctionTarget t : policy) {
      if (!t.equals(chosen)) {
        boolean eligible = !request.getExcludedProviders().contains(t.getProvider());
        alternatives.add(
            Alternative.newBuilder()
                .setTarget(t)
                .setEligible(eligible)
                .setNote(eligible ? "lower priority" : "excluded after failover")
                .build());
      }
    }
    return RoutedInvocation.newBuilder()
        .setRequest(request)
        .setDecision(
            RoutingDecision.newBuilder()
                .setTarget(chosen)
                .setPolicyFunction("fiso-sample")
                .setPolicyName("test-policy")
                .setPolicyVersion(1)
                .setStrategy(RoutingStrategy.FAILOVER)
                .setReason("first eligible target in priority order")
                .setAlternatives(alternatives)
                .setRoutedAt(Instant.now())
                .build())
        .build();
  }
}
