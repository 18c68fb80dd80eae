package io.fiso.router.strategy;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import org.junit.jupiter.api.Test;

class CheapestStrategyTest {

  private final Strategy cheapest = new CheapestStrategy();
  private final RoutingPolicy p =
      policy("f", RoutingStrategy.CHEAPEST, aws("us-east-1"), azure("eastus"), gcp("us-central1"));

  @Test
  void choosesTheLowestPredictedCost() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.0000004083", null)
            .add(azure("eastus"), "0.0000004", null)
            .add(gcp("us-central1"), "0.00000065", null)
            .selection("x", p);

    Choice choice = cheapest.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason())
        .isEqualTo(
            "CHEAPEST: azure/eastus is predicted cheapest at $0.0000004 per invocation (128 MB x"
                + " 100 ms); next: aws/us-east-1 at $0.0000004083");
    assertThat(choice.notes().get(1))
        .isEqualTo("predicted $0.0000004083, $0.0000000083 more than azure/eastus");
  }

  @Test
  void aTargetWithoutAPriceIsNotChosenOverOneWithAPrice() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), null, null)
            .add(gcp("us-central1"), "0.9", null)
            .selection("x", p);

    assertThat(cheapest.choose(s).chosen().label()).isEqualTo("gcp/us-central1");
  }

  @Test
  void withNoPricesAtAllTakesTheFirstEligibleAndSaysSo() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), null, null, "region outside allowedRegions")
            .add(azure("eastus"), null, null)
            .add(gcp("us-central1"), null, null)
            .selection("x", p);

    Choice choice = cheapest.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason())
        .startsWith(
            "CHEAPEST: no price is known for any eligible target (publish price sheets to"
                + " fiso.prices), so the first in declared order, azure/eastus");
  }
}
