package io.fiso.router.strategy;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import org.junit.jupiter.api.Test;

class CheapestWithinSloStrategyTest {

  private final Strategy strategy = new CheapestWithinSloStrategy();
  private final RoutingPolicy p = withSlo(300);

  private static RoutingPolicy withSlo(Integer slo) {
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.CHEAPEST_WITHIN_SLO,
            aws("us-east-1"),
            azure("eastus"),
            gcp("us-central1"));
    p.setLatencySloMs(slo);
    return p;
  }

  @Test
  void choosesTheCheapestOfThoseMeetingTheSlo() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.0000005", 250.0)
            .add(azure("eastus"), "0.0000001", 450.0) // cheapest, but too slow
            .add(gcp("us-central1"), "0.0000007", 120.0)
            .selection("x", p);

    Choice choice = strategy.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("aws/us-east-1");
    assertThat(choice.reason())
        .isEqualTo(
            "CHEAPEST_WITHIN_SLO: aws/us-east-1 is predicted cheapest of those meeting the 300 ms"
                + " SLO at $0.0000005 per invocation (128 MB x 100 ms); next: gcp/us-central1 at"
                + " $0.0000007");
    assertThat(choice.notes().get(2)).isEqualTo("p95 450 ms misses the 300 ms SLO");
  }

  @Test
  void whenNoneMeetsTheSloChoosesTheFastestAndRecordsWhy() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.0000005", 420.0)
            .add(azure("eastus"), "0.0000001", 510.0)
            .add(gcp("us-central1"), "0.0000001", null)
            .selection("x", p);

    Choice choice = strategy.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("aws/us-east-1");
    assertThat(choice.reason())
        .startsWith(
            "CHEAPEST_WITHIN_SLO: no target's measured p95 meets the 300 ms SLO (aws/us-east-1"
                + " 420 ms, azure/eastus 510 ms), so the fastest: aws/us-east-1 has the lowest"
                + " measured p95 latency, 420 ms");
    assertThat(choice.notes().get(3))
        .isEqualTo("no latency measured yet; not known to meet the SLO");
  }

  @Test
  void withNothingMeasuredChoosesTheCheapestAndSaysTheSloCannotBeChecked() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.0000005", null)
            .add(azure("eastus"), "0.0000004", null)
            .selection("x", p);

    Choice choice = strategy.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason())
        .startsWith(
            "CHEAPEST_WITHIN_SLO: no latency has been measured yet, so the 300 ms SLO cannot be"
                + " checked; azure/eastus is predicted cheapest at $0.0000004");
  }

  @Test
  void withNothingKnownAtAllStillDecidesAndSaysSo() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), null, null)
            .add(azure("eastus"), null, null)
            .selection("x", p);

    Choice choice = strategy.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("aws/us-east-1");
    assertThat(choice.reason())
        .contains("SLO cannot be checked")
        .contains("no price is known for any eligible target");
  }

  @Test
  void aPolicyRecordWithoutSloBehavesAsCheapest() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.0000005", 100.0)
            .add(azure("eastus"), "0.0000004", 900.0)
            .selection("x", withSlo(null));

    Choice choice = strategy.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason()).contains("the policy has no latencySloMs");
  }
}
