package io.fiso.cli.dev;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies {@code fiso dev} seeds for its cloud emulators: the seed's {@code
 * default-cost-saver} as the '*' default (PINNED to AWS Lambda, with Azure and Google behind it for
 * failover), and a CHEAPEST policy for {@code fiso-sample-cheapest}. A seeded policy is rewritten
 * when the emulators' addresses changed (other ports); a policy a user wrote is never touched.
 */
final class DevPolicies {

  static final String SEEDED = "Seeded by fiso dev for its cloud emulators; replace it freely.";
  static final String CHEAPEST_FUNCTION = "fiso-sample-cheapest";

  private DevPolicies() {}

  /** The policies to write, given what fiso.policies holds now. */
  static Map<String, RoutingPolicy> toWrite(
      List<FunctionTarget> targets, Map<String, RoutingPolicy> current, Instant now) {
    Map<String, RoutingPolicy> wanted = new LinkedHashMap<>();
    wanted.put("*", policy("*", "default-cost-saver", RoutingStrategy.PINNED, targets, now));
    wanted.put(
        CHEAPEST_FUNCTION,
        policy(CHEAPEST_FUNCTION, "fiso-sample-cheapest", RoutingStrategy.CHEAPEST, targets, now));
    Map<String, RoutingPolicy> out = new LinkedHashMap<>();
    wanted.forEach(
        (function, policy) -> {
          RoutingPolicy existing = current.get(function);
          if (existing == null) {
            out.put(function, policy);
          } else if (SEEDED.equals(existing.getDescription())
              && !existing.getTargets().equals(policy.getTargets())) {
            policy.setVersion(existing.getVersion() + 1);
            out.put(function, policy);
          }
        });
    return out;
  }

  private static RoutingPolicy policy(
      String function,
      String name,
      RoutingStrategy strategy,
      List<FunctionTarget> targets,
      Instant now) {
    return RoutingPolicy.newBuilder()
        .setFunction(function)
        .setName(name)
        .setActive(true)
        .setStrategy(strategy)
        .setTargets(List.copyOf(targets))
        .setLatencySloMs(null)
        .setMaxCostPerInvocation(null)
        .setBudget(null)
        .setAllowedRegions(List.of())
        .setVersion(1L)
        .setUpdatedAt(now)
        .setDescription(SEEDED)
        .build();
  }
}
