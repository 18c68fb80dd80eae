package io.fiso.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

  private static FunctionTarget target(Provider provider, String region, String id, int memory) {
    return new FunctionTarget(provider, region, id, memory, Architecture.X86_64, 1, 0, null, null);
  }

  @Test
  void aValidRecordHasNoProblems() {
    RoutingPolicy policy =
        PolicyDocuments.check("policies.yaml", PolicyDocumentsTest.FULL).orThrow().get(0);

    assertThat(PolicyValidator.validate("topic", policy)).isEmpty();
  }

  @Test
  void findsTheSameProblemsInARecordAsInAFile() {
    RoutingPolicy policy =
        RoutingPolicy.newBuilder()
            .setFunction("f")
            .setName("f")
            .setStrategy(RoutingStrategy.CHEAPEST_WITHIN_SLO)
            .setTargets(
                List.of(
                    target(Provider.AWS, "us-east-1", "f", 128),
                    target(Provider.AWS, "us-east-1", "f", 128),
                    target(Provider.GCP, "us-central1", "not a url", 64)))
            .setActive(true)
            .setLatencySloMs(null)
            .setMaxCostPerInvocation(null)
            .setBudget(null)
            .setAllowedRegions(List.of())
            .setVersion(1)
            .setUpdatedAt(Instant.EPOCH)
            .setDescription(null)
            .build();

    assertThat(PolicyValidator.validate("http body", policy))
        .extracting(PolicyProblem::field)
        .containsExactlyInAnyOrder(
            "latencySloMs", "targets[2]", "targets[3].target", "targets[3].memoryMb");
    assertThatThrownBy(() -> PolicyValidator.requireValid("http body", policy))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageStartingWith("4 problems in the policy documents:")
        .hasMessageContaining("http body: policy (function \"f\"): targets[3].memoryMb");
  }
}
