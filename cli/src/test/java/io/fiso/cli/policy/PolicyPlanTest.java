package io.fiso.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingPolicy;
import io.fiso.schemas.policy.PolicyDocuments;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyPlanTest {

  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private static RoutingPolicy parse(String yaml) {
    return PolicyDocuments.check("p.yaml", yaml).orThrow().get(0);
  }

  private static final String CHECKOUT =
      "function: checkout\nstrategy: PINNED\n"
          + "targets: [{provider: aws, region: us-east-1, target: checkout}]\n";

  @Test
  void aNewPolicyGetsVersionOneAndNow() {
    PolicyPlan plan = PolicyPlan.of(List.of(parse(CHECKOUT)), Map.of(), NOW);

    PolicyPlan.Change change = plan.changes().get(0);
    assertThat(change.kind()).isEqualTo(PolicyPlan.Kind.CREATE);
    assertThat(change.next().getVersion()).isEqualTo(1);
    assertThat(change.next().getUpdatedAt()).isEqualTo(NOW);
    assertThat(plan.toWrite()).containsExactly(change.next());
    assertThat(PolicyApplyCommand.describe(change, false))
        .isEqualTo("create    checkout (checkout, PINNED, 1 target) version 1");
  }

  @Test
  void aChangedPolicyGetsTheCurrentVersionPlusOne() {
    RoutingPolicy current = parse(CHECKOUT);
    current.setVersion(4);
    RoutingPolicy changed = parse(CHECKOUT.replace("PINNED", "FAILOVER"));

    PolicyPlan plan = PolicyPlan.of(List.of(changed), Map.of("checkout", current), NOW);

    PolicyPlan.Change change = plan.changes().get(0);
    assertThat(change.kind()).isEqualTo(PolicyPlan.Kind.UPDATE);
    assertThat(change.next().getVersion()).isEqualTo(5);
    assertThat(PolicyApplyCommand.describe(change, true))
        .isEqualTo("would update checkout (checkout, FAILOVER, 1 target) version 4 -> 5");
  }

  @Test
  void anUnchangedPolicyIsNotWrittenAgain() {
    RoutingPolicy current = parse(CHECKOUT);
    current.setVersion(4);
    current.setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"));

    PolicyPlan plan = PolicyPlan.of(List.of(parse(CHECKOUT)), Map.of("checkout", current), NOW);

    assertThat(plan.changes().get(0).kind()).isEqualTo(PolicyPlan.Kind.UNCHANGED);
    assertThat(plan.toWrite()).isEmpty();
  }

  @Test
  void listShowsOneAlignedLinePerPolicy() {
    RoutingPolicy seed =
        PolicyDocuments.check(
                "seed.yaml",
                "name: default-cost-saver\ndefault_provider: aws\n"
                    + "default_arn: arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py\n")
            .orThrow()
            .get(0);
    seed.setUpdatedAt(NOW);

    String table = PolicyListCommand.table(List.of(seed, parse(CHECKOUT)));

    assertThat(table.lines().toList())
        .containsExactly(
            "FUNCTION  NAME                STRATEGY  ACTIVE  VERSION  TARGETS        UPDATED",
            "*         default-cost-saver  PINNED    yes     1        aws/us-east-1  2026-11-26T12:00:00Z",
            "checkout  checkout            PINNED    yes     1        aws/us-east-1  1970-01-01T00:00:00Z");
  }
}
