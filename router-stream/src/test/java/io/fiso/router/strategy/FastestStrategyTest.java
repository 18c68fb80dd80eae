package io.fiso.router.strategy;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import org.junit.jupiter.api.Test;

class FastestStrategyTest {

  private final Strategy fastest = new FastestStrategy();
  private final RoutingPolicy p =
      policy("f", RoutingStrategy.FASTEST, aws("us-east-1"), azure("eastus"), gcp("us-central1"));

  @Test
  void choosesTheLowestMeasuredP95() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), "0.1", 180.0)
            .add(azure("eastus"), "0.1", 95.0)
            .add(gcp("us-central1"), "0.1", null)
            .selection("x", p);

    Choice choice = fastest.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason())
        .isEqualTo(
            "FASTEST: azure/eastus has the lowest measured p95 latency, 95 ms over 100 attempts;"
                + " next: aws/us-east-1 at 180 ms; 1 not measured yet");
    assertThat(choice.notes().get(3)).isEqualTo("no latency measured yet");
  }

  @Test
  void withNothingMeasuredFallsBackToDeclaredOrderAndSaysSo() {
    Selection s =
        Candidates.of()
            .add(aws("us-east-1"), null, null)
            .add(azure("eastus"), null, null)
            .selection("x", p);

    Choice choice = fastest.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("aws/us-east-1");
    assertThat(choice.reason())
        .isEqualTo(
            "FASTEST: no latency has been measured yet for any eligible target"
                + " (fiso.provider-stats has nothing for them), so the first in declared order,"
                + " aws/us-east-1");
  }
}
