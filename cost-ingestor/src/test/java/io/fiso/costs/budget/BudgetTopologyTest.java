package io.fiso.costs.budget;

import static io.fiso.costs.testkit.CostEvents.costing;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.tagged;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.AlertKind;
import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.costs.testkit.IngestorDriver;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetTopologyTest {

  private static final Instant DAY1 = Instant.parse("2026-11-02T00:00:00Z");
  private static final Instant SIX_AM = DAY1.plus(Duration.ofHours(6));

  private final IngestorDriver ingestor =
      new IngestorDriver(IngestorDriver.everyEventConfig(), SIX_AM);

  @AfterEach
  void close() {
    ingestor.close();
  }

  static RoutingPolicy policy(
      String function, String amount, BudgetPeriod period, BudgetAction action, String scope) {
    return RoutingPolicy.newBuilder()
        .setFunction(function)
        .setName(function + "-policy")
        .setStrategy(RoutingStrategy.PINNED)
        .setTargets(List.of(target(Provider.AWS, "us-east-1", 128)))
        .setBudget(
            amount == null
                ? null
                : Budget.newBuilder()
                    .setAmount(new BigDecimal(amount).setScale(24))
                    .setPeriod(period)
                    .setAction(action)
                    .setScope(scope)
                    .build())
        .setUpdatedAt(DAY1)
        .build();
  }

  private CostEvent spend(String function, Provider provider, Instant at, String usd) {
    String region = provider == Provider.AWS ? "us-east-1" : "eastus";
    return costing(priced(function, target(provider, region, 128), at, 100), usd).build();
  }

  private List<BudgetState> states() {
    return ingestor.budgets.readValuesToList().stream().map(BudgetStatus::getState).toList();
  }

  @Test
  void okThenWarnAt80PercentThenBlockAt100PercentWithAnAlertAtEachCrossing() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "10", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    for (int i = 0; i < 4; i++) {
      ingestor.send(spend("checkout", Provider.AWS, SIX_AM.plusSeconds(i), "3"));
    }
    List<KeyValue<String, BudgetStatus>> statuses = ingestor.budgets.readKeyValuesToList();
    assertThat(statuses).extracting(kv -> kv.key).containsOnly("function:checkout");
    assertThat(statuses)
        .extracting(kv -> kv.value.getState())
        .containsExactly(BudgetState.OK, BudgetState.OK, BudgetState.WARN, BudgetState.BLOCK);
    BudgetStatus last = statuses.get(3).value;
    assertThat(last.getSpend()).isEqualByComparingTo("12");
    assertThat(last.getAmount()).isEqualByComparingTo("10");
    assertThat(last.getUtilization()).isEqualTo(1.2);
    assertThat(last.getPeriodStart()).isEqualTo(DAY1);
    assertThat(last.getPeriodEnd()).isEqualTo(DAY1.plus(Duration.ofDays(1)));
    assertThat(last.getPolicyFunction()).isEqualTo("checkout");

    List<FinOpsAlert> alerts = ingestor.alerts.readValuesToList();
    assertThat(alerts)
        .extracting(FinOpsAlert::getKind)
        .containsExactly(AlertKind.BUDGET_WARNING, AlertKind.BUDGET_EXCEEDED);
    assertThat(alerts.get(0).getThreshold()).isEqualByComparingTo("8");
    assertThat(alerts.get(0).getAmount()).isEqualByComparingTo("9");
    assertThat(alerts.get(1).getMessage()).contains("Action BLOCK");
    assertThat(alerts).extracting(FinOpsAlert::getScope).containsOnly("function:checkout");

    ingestor.send(spend("checkout", Provider.AWS, SIX_AM.plusSeconds(10), "3"));
    assertThat(ingestor.alerts.isEmpty()).as("no repeated alert while blocked").isTrue();
  }

  @Test
  void anAlertBudgetNeverBlocks() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "10", BudgetPeriod.DAY, BudgetAction.ALERT, null));
    for (int i = 0; i < 5; i++) {
      ingestor.send(spend("checkout", Provider.AWS, SIX_AM.plusSeconds(i), "3"));
    }
    assertThat(states())
        .containsExactly(
            BudgetState.OK, BudgetState.OK, BudgetState.WARN, BudgetState.WARN, BudgetState.WARN);
    List<FinOpsAlert> alerts = ingestor.alerts.readValuesToList();
    assertThat(alerts)
        .extracting(FinOpsAlert::getKind)
        .containsExactly(AlertKind.BUDGET_WARNING, AlertKind.BUDGET_EXCEEDED);
    assertThat(alerts.get(1).getMessage()).contains("routing continues");
  }

  @Test
  void spendCountsTheProviderActuallyCalledIncludingFailoverAttempts() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "10", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    CostEvent first = spend("checkout", Provider.AWS, SIX_AM, "1");
    CostEvent failover =
        costing(
                priced(
                        "checkout",
                        target(Provider.AZURE, "eastus", 128),
                        SIX_AM.plusSeconds(1),
                        100)
                    .setInvocationId(first.getInvocationId())
                    .setEventId(first.getInvocationId() + "/2")
                    .setAttempt(2),
                "2")
            .build();
    ingestor.send(first);
    ingestor.send(failover);
    List<BudgetStatus> statuses = ingestor.budgets.readValuesToList();
    assertThat(statuses.get(statuses.size() - 1).getSpend()).isEqualByComparingTo("3");
  }

  @Test
  void aLabelBudgetCountsEveryFunctionWithThatLabel() {
    ingestor.policies.pipeInput(
        "checkout",
        policy("checkout", "100", BudgetPeriod.MONTH, BudgetAction.ALERT, "label:team=payments"));
    ingestor.send(
        tagged(
                costing(priced("refund", target(Provider.AWS, "us-east-1", 128), SIX_AM, 100), "5"),
                "team",
                "payments")
            .build());
    ingestor.send(
        tagged(
                costing(priced("search", target(Provider.AWS, "us-east-1", 128), SIX_AM, 100), "7"),
                "team",
                "discovery")
            .build());
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM, "11")); // no label: not in this scope

    List<KeyValue<String, BudgetStatus>> statuses = ingestor.budgets.readKeyValuesToList();
    assertThat(statuses).extracting(kv -> kv.key).containsOnly("label:team=payments");
    BudgetStatus s = statuses.get(statuses.size() - 1).value;
    assertThat(s.getSpend()).isEqualByComparingTo("5");
    assertThat(s.getPeriod()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(s.getPeriodStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(s.getPeriodEnd()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void theDefaultPolicysBudgetCoversFunctionsWithoutTheirOwnPolicy() {
    ingestor.policies.pipeInput("*", policy("*", "10", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    ingestor.policies.pipeInput("checkout", policy("checkout", null, null, null, null));
    ingestor.send(spend("search", Provider.AWS, SIX_AM, "2"));
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM, "3"));

    List<KeyValue<String, BudgetStatus>> statuses = ingestor.budgets.readKeyValuesToList();
    assertThat(statuses).extracting(kv -> kv.key).containsOnly("function:*");
    assertThat(statuses.get(statuses.size() - 1).value.getSpend()).isEqualByComparingTo("2");
  }

  @Test
  void forecastExtrapolatesTheBurnRateToThePeriodEnd() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "100", BudgetPeriod.DAY, BudgetAction.ALERT, null));
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM, "2"));
    // 2 USD in the first 6 hours: 8 USD over the day.
    assertThat(ingestor.budgets.readValue().getForecast()).isEqualByComparingTo("8");
  }

  @Test
  void aNewPeriodStartsFromZeroAndRecoversABlockedBudget() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "10", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM, "12"));
    assertThat(states()).containsExactly(BudgetState.BLOCK);
    ingestor.alerts.readValuesToList();

    Instant nextDay = DAY1.plus(Duration.ofDays(1)).plusSeconds(30);
    ingestor.send(spend("checkout", Provider.AWS, nextDay, "1"));

    BudgetStatus s = ingestor.budgets.readValue();
    assertThat(s.getState()).isEqualTo(BudgetState.OK);
    assertThat(s.getSpend()).isEqualByComparingTo("1");
    assertThat(s.getPeriodStart()).isEqualTo(DAY1.plus(Duration.ofDays(1)));
    FinOpsAlert recovered = ingestor.alerts.readValue();
    assertThat(recovered.getKind()).isEqualTo(AlertKind.BUDGET_RECOVERED);
    assertThat(recovered.getMessage()).contains("unblocked");

    // A straggler from the previous day does not count against the new one.
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM.plusSeconds(5), "50"));
    assertThat(ingestor.budgets.isEmpty()).isTrue();
  }

  @Test
  void theWallClockStartsTheNewPeriodOfABlockedScopeThatReceivesNoTraffic() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "10", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM, "12"));
    ingestor.budgets.readValuesToList();
    ingestor.alerts.readValuesToList();

    ingestor.advanceWallClock(Duration.ofHours(17)); // 23:00: same day
    assertThat(ingestor.budgets.isEmpty()).isTrue();
    ingestor.advanceWallClock(Duration.ofHours(1).plusMinutes(1)); // past midnight

    BudgetStatus s = ingestor.budgets.readValue();
    assertThat(s.getState()).isEqualTo(BudgetState.OK);
    assertThat(s.getSpend()).isEqualByComparingTo("0");
    assertThat(s.getPeriodStart()).isEqualTo(DAY1.plus(Duration.ofDays(1)));
    assertThat(ingestor.alerts.readValue().getKind()).isEqualTo(AlertKind.BUDGET_RECOVERED);
  }

  @Test
  void raisingTheAmountUnblocksAndRemovingTheBudgetDeletesItsStatus() {
    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "10", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    ingestor.send(spend("checkout", Provider.AWS, SIX_AM, "12"));
    ingestor.budgets.readValuesToList();
    ingestor.alerts.readValuesToList();

    ingestor.policies.pipeInput(
        "checkout", policy("checkout", "100", BudgetPeriod.DAY, BudgetAction.BLOCK, null));
    ingestor.advanceWallClock(Duration.ofSeconds(30));
    BudgetStatus raised = ingestor.budgets.readValue();
    assertThat(raised.getState()).isEqualTo(BudgetState.OK);
    assertThat(raised.getAmount()).isEqualByComparingTo("100");
    assertThat(ingestor.alerts.readValue().getKind()).isEqualTo(AlertKind.BUDGET_RECOVERED);

    ingestor.policies.pipeInput("checkout", policy("checkout", null, null, null, null));
    ingestor.advanceWallClock(Duration.ofSeconds(30));
    KeyValue<String, BudgetStatus> tombstone = ingestor.budgets.readKeyValue();
    assertThat(tombstone.key).isEqualTo("function:checkout");
    assertThat(tombstone.value).isNull();
  }
}
