package io.fiso.router.strategy;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static io.fiso.router.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class WeightedStrategyTest {

  private static final int IDS = 100_000;
  private final Strategy weightedStrategy = new WeightedStrategy();

  /** Over 100,000 ids each target's share is its weight's share within ±1 percentage point. */
  @Property(tries = 12)
  void honoursEveryWeightWithinOnePercentOver100000Ids(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 20) Integer> weights,
      @ForAll @AlphaChars @StringLength(min = 1, max = 8) String idPrefix) {
    List<FunctionTarget> targets =
        java.util.stream.IntStream.range(0, weights.size())
            .mapToObj(i -> weighted(aws("region-" + i), weights.get(i)))
            .toList();
    RoutingPolicy p = policy("f", RoutingStrategy.WEIGHTED, targets.toArray(FunctionTarget[]::new));
    Candidates candidates = Candidates.of();
    targets.forEach(t -> candidates.add(t, null, null));

    int[] counts = new int[weights.size()];
    for (int i = 0; i < IDS; i++) {
      Choice choice = weightedStrategy.choose(candidates.selection(idPrefix + "-" + i, p));
      counts[choice.chosen().position() - 1]++;
    }

    double total = weights.stream().mapToInt(Integer::intValue).sum();
    for (int i = 0; i < weights.size(); i++) {
      double expected = weights.get(i) / total;
      double actual = counts[i] / (double) IDS;
      assertThat(actual)
          .as("share of target %d (weight %d of %.0f)", i + 1, weights.get(i), total)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void theSameIdAlwaysGoesToTheSameTarget() {
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.WEIGHTED,
            weighted(aws("us-east-1"), 1),
            weighted(gcp("us-central1"), 1));
    Selection s =
        Candidates.of()
            .add(p.getTargets().get(0), null, null)
            .add(p.getTargets().get(1), null, null)
            .selection("order-42", p);

    Choice first = weightedStrategy.choose(s);

    for (int i = 0; i < 5; i++) {
      assertThat(weightedStrategy.choose(s).chosen()).isEqualTo(first.chosen());
    }
    assertThat(first.reason()).startsWith("WEIGHTED: invocation id hashes to slot ");
  }

  @Test
  void aTargetWithWeightZeroGetsNothing() {
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.WEIGHTED,
            weighted(aws("us-east-1"), 0),
            weighted(azure("eastus"), 3));
    Candidates c =
        Candidates.of()
            .add(p.getTargets().get(0), null, null)
            .add(p.getTargets().get(1), null, null);

    for (int i = 0; i < 1000; i++) {
      assertThat(weightedStrategy.choose(c.selection("id" + i, p)).chosen().label())
          .isEqualTo("azure/eastus");
    }
  }

  @Test
  void anIneligibleTargetsShareGoesToTheOthers() {
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.WEIGHTED,
            weighted(aws("us-east-1"), 5),
            weighted(azure("eastus"), 1),
            weighted(gcp("us-central1"), 1));
    Candidates c =
        Candidates.of()
            .add(p.getTargets().get(0), null, null, "marked unhealthy")
            .add(p.getTargets().get(1), null, null)
            .add(p.getTargets().get(2), null, null);

    int azure = 0;
    for (int i = 0; i < 20_000; i++) {
      Choice choice = weightedStrategy.choose(c.selection("id" + i, p));
      assertThat(choice.chosen().label()).isNotEqualTo("aws/us-east-1");
      if (choice.chosen().label().equals("azure/eastus")) {
        azure++;
      }
    }
    assertThat(azure / 20_000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
    assertThat(weightedStrategy.choose(c.selection("x", p)).reason())
        .contains("shared out among the rest");
  }

  @Test
  void whenEveryEligibleWeightIsZeroTakesTheFirstEligibleAndSaysSo() {
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.WEIGHTED,
            weighted(aws("us-east-1"), 4),
            weighted(azure("eastus"), 0));
    Selection s =
        Candidates.of()
            .add(p.getTargets().get(0), null, null, "excluded")
            .add(p.getTargets().get(1), null, null)
            .selection("x", p);

    Choice choice = weightedStrategy.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason()).contains("every eligible target has weight 0");
  }
}
