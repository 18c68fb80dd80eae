package io.fiso.router.strategy;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static io.fiso.router.Fixtures.prioritized;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import org.junit.jupiter.api.Test;

class FailoverStrategyTest {

  private final Strategy failover = new FailoverStrategy();

  private final RoutingPolicy p =
      policy(
          "f",
          RoutingStrategy.FAILOVER,
          prioritized(gcp("us-central1"), 2),
          prioritized(aws("us-east-1"), 0),
          prioritized(azure("eastus"), 1));

  @Test
  void choosesTheLowestPriorityNotTheFirstDeclared() {
    Selection s =
        Candidates.of()
            .add(p.getTargets().get(0), null, null)
            .add(p.getTargets().get(1), null, null)
            .add(p.getTargets().get(2), null, null)
            .selection("x", p);

    Choice choice = failover.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("aws/us-east-1");
    assertThat(choice.reason())
        .isEqualTo("FAILOVER: aws/us-east-1 is the first eligible target by priority (priority 0)");
    assertThat(choice.notes().get(3)).startsWith("standby: priority 1");
  }

  @Test
  void passesOverUnhealthyTargetsNamingWhy() {
    Selection s =
        Candidates.of()
            .add(p.getTargets().get(0), null, null)
            .add(p.getTargets().get(1), null, null, "marked unhealthy: error rate 40%")
            .add(p.getTargets().get(2), null, null)
            .selection("x", p);

    Choice choice = failover.choose(s);

    assertThat(choice.chosen().label()).isEqualTo("azure/eastus");
    assertThat(choice.reason())
        .isEqualTo(
            "FAILOVER: azure/eastus is the first eligible target by priority (priority 1);"
                + " passed over aws/us-east-1 (priority 0): marked unhealthy: error rate 40%");
  }
}
