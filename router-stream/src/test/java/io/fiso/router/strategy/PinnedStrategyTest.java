package io.fiso.router.strategy;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingStrategy;
import org.junit.jupiter.api.Test;

class PinnedStrategyTest {

  private final Strategy pinned = new PinnedStrategy();

  @Test
  void choosesTheFirstTargetWhateverItCosts() {
    var p = policy("f", RoutingStrategy.PINNED, aws("us-east-1"), gcp("us-central1"));
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.9", 900.0)
            .add(gcp("us-central1"), "0.1", 10.0)
            .selection("id-1", p);

    Choice choice = pinned.choose(s);

    assertThat(choice.chosen().position()).isEqualTo(1);
    assertThat(choice.reason()).isEqualTo("PINNED to the policy's first target aws/us-east-1");
    assertThat(choice.notes()).containsKey(2);
  }

  @Test
  void whenTheFirstTargetIsNotEligibleTakesTheNextAndSaysWhy() {
    var p = policy("f", RoutingStrategy.PINNED, aws("us-east-1"), azure("eastus"), gcp("x"));
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), null, null, "marked unhealthy")
            .add(azure("eastus"), null, null)
            .add(gcp("x"), null, null)
            .selection("id-1", p);

    Choice choice = pinned.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason())
        .isEqualTo(
            "PINNED: the first target aws/us-east-1 is not eligible (marked unhealthy), so the"
                + " next eligible one in declared order, azure/eastus");
  }
}
