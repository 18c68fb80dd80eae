package io.fiso.costs.whatif;

import static io.fiso.costs.testkit.CostEvents.PRICER;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.CostEvent;
import io.fiso.avro.Counterfactual;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatIfTest {

  private static final Instant T = Instant.parse("2026-11-01T12:00:00Z");
  private static final FunctionTarget GCP = target(Provider.GCP, "us-central1", 512);
  private static final FunctionTarget AWS = target(Provider.AWS, "us-east-1", 512);
  private static final FunctionTarget AZURE = target(Provider.AZURE, "eastus", 512);

  static RoutingPolicy policy(String function, RoutingStrategy s, FunctionTarget... targets) {
    return RoutingPolicy.newBuilder()
        .setFunction(function)
        .setName("candidate")
        .setStrategy(s)
        .setTargets(List.of(targets))
        .setUpdatedAt(T)
        .build();
  }

  /** AWS Lambda x86, by hand: $0.20 per 1M requests + $0.0000166667 per GB-s, 1 ms rounding. */
  static BigDecimal awsByHand(int memoryMb, double durationMs) {
    BigDecimal gb = BigDecimal.valueOf(memoryMb).divide(BigDecimal.valueOf(1024));
    BigDecimal seconds = BigDecimal.valueOf((long) Math.ceil(durationMs)).movePointLeft(3);
    return new BigDecimal("0.0000002")
        .add(new BigDecimal("0.0000166667").multiply(gb).multiply(seconds));
  }

  /** Azure Consumption, by hand: $0.20 per 1M + $0.000016 per GB-s, 100 ms rounding, 100 ms min. */
  static BigDecimal azureByHand(int memoryMb, double durationMs) {
    int memory = (memoryMb + 127) / 128 * 128;
    long billed = Math.max((long) Math.ceil(durationMs / 100) * 100, 100);
    BigDecimal gb = BigDecimal.valueOf(memory).divide(BigDecimal.valueOf(1024));
    return new BigDecimal("0.0000002")
        .add(
            new BigDecimal("0.000016")
                .multiply(gb)
                .multiply(BigDecimal.valueOf(billed).movePointLeft(3)));
  }

  private static List<CostEvent> onGcp(int n) {
    List<CostEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(priced("checkout", GCP, T.plusSeconds(i), 50 + i * 7.3).setLatencyMs(400).build());
    }
    return events;
  }

  @Test
  void movingTrafficToACheaperProviderSavesWhatTheHandCalculationPredicts() {
    List<CostEvent> events = onGcp(30);
    WhatIf w = new WhatIf(List.of(policy("checkout", RoutingStrategy.PINNED, AWS)), PRICER);
    events.forEach(w::add);

    BigDecimal current =
        events.stream().map(CostEvent::getBilledCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal candidate =
        events.stream()
            .map(e -> awsByHand(512, e.getDurationMs()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    WhatIf.FunctionResult r = w.result().functions().get(0);
    assertThat(r.currentCost()).isEqualByComparingTo(current);
    assertThat(r.candidateCost()).isEqualByComparingTo(candidate);
    assertThat(r.saving()).isEqualByComparingTo(current.subtract(candidate)).isPositive();
    assertThat(r.choice()).isEqualTo("AWS us-east-1 512MB");
    assertThat(r.attempts()).isEqualTo(30);
  }

  @Test
  void aRecordedCounterfactualIsUsedAsRecorded() {
    BigDecimal recorded = new BigDecimal("0.000123").setScale(24);
    CostEvent e =
        CostEvent.newBuilder(onGcp(1).get(0))
            .setCounterfactuals(
                List.of(
                    Counterfactual.newBuilder()
                        .setTarget(AWS)
                        .setCost(recorded)
                        .setBilledDurationMs(50)
                        .build()))
            .build();
    WhatIf w = new WhatIf(List.of(policy("checkout", RoutingStrategy.PINNED, AWS)), PRICER);
    w.add(e);
    assertThat(w.result().functions().get(0).candidateCost()).isEqualByComparingTo(recorded);
  }

  @Test
  void cheapestPicksTheTargetWithTheLowestTotal() {
    List<CostEvent> events = onGcp(10);
    WhatIf w =
        new WhatIf(List.of(policy("checkout", RoutingStrategy.CHEAPEST, GCP, AZURE, AWS)), PRICER);
    events.forEach(w::add);
    BigDecimal aws =
        events.stream()
            .map(e -> awsByHand(512, e.getDurationMs()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal azure =
        events.stream()
            .map(e -> azureByHand(512, e.getDurationMs()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    WhatIf.FunctionResult r = w.result().functions().get(0);
    assertThat(r.candidateCost()).isEqualByComparingTo(aws.min(azure));
    assertThat(r.choice())
        .isEqualTo(aws.compareTo(azure) <= 0 ? "AWS us-east-1 512MB" : "AZURE eastus 512MB");
  }

  @Test
  void cheapestWithinSloSkipsACheaperTargetWhoseMeasuredP95MissesTheSlo() {
    List<CostEvent> events = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      events.add(priced("checkout", GCP, T.plusSeconds(i), 100).setLatencyMs(60).build());
      events.add(priced("checkout", AWS, T.plusSeconds(i), 100).setLatencyMs(400).build());
    }
    RoutingPolicy slo300 =
        RoutingPolicy.newBuilder(policy("checkout", RoutingStrategy.CHEAPEST_WITHIN_SLO, AWS, GCP))
            .setLatencySloMs(300)
            .build();
    WhatIf strict = new WhatIf(List.of(slo300), PRICER);
    events.forEach(strict::add);
    WhatIf.FunctionResult r = strict.result().functions().get(0);
    assertThat(r.choice())
        .as("AWS is cheaper but measured at 400 ms")
        .isEqualTo("GCP us-central1 512MB");
    assertThat(r.candidateP95Ms()).isCloseTo(60, org.assertj.core.api.Assertions.within(0.6));

    RoutingPolicy slo500 = RoutingPolicy.newBuilder(slo300).setLatencySloMs(500).build();
    WhatIf relaxed = new WhatIf(List.of(slo500), PRICER);
    events.forEach(relaxed::add);
    assertThat(relaxed.result().functions().get(0).choice()).isEqualTo("AWS us-east-1 512MB");
  }

  @Test
  void weightedIsTheExpectedCostOfTheSplit() {
    List<CostEvent> events = onGcp(10);
    RoutingPolicy weighted =
        policy(
            "checkout",
            RoutingStrategy.WEIGHTED,
            FunctionTarget.newBuilder(AWS).setWeight(3).build(),
            FunctionTarget.newBuilder(AZURE).setWeight(1).build());
    WhatIf w = new WhatIf(List.of(weighted), PRICER);
    events.forEach(w::add);
    BigDecimal aws =
        events.stream()
            .map(e -> awsByHand(512, e.getDurationMs()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal azure =
        events.stream()
            .map(e -> azureByHand(512, e.getDurationMs()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal expected =
        aws.multiply(BigDecimal.valueOf(3)).add(azure).divide(BigDecimal.valueOf(4));
    assertThat(w.result().functions().get(0).candidateCost())
        .isCloseTo(expected, org.assertj.core.api.Assertions.within(new BigDecimal("1e-23")));
  }

  @Test
  void aFunctionTheCandidateDoesNotNameIsUnchangedUnlessThereIsADefaultPolicy() {
    List<CostEvent> events = onGcp(3);
    WhatIf other = new WhatIf(List.of(policy("search", RoutingStrategy.PINNED, AWS)), PRICER);
    events.forEach(other::add);
    WhatIf.FunctionResult unchanged = other.result().functions().get(0);
    assertThat(unchanged.saving()).isZero();
    assertThat(unchanged.policy()).isNull();

    WhatIf byDefault = new WhatIf(List.of(policy("*", RoutingStrategy.PINNED, AWS)), PRICER);
    events.forEach(byDefault::add);
    assertThat(byDefault.result().functions().get(0).policy()).isEqualTo("*");
    assertThat(byDefault.result().saving()).isPositive();
  }

  @Test
  void targetsOutsideTheAllowedRegionsAreNotChosen() {
    RoutingPolicy residency =
        RoutingPolicy.newBuilder(policy("checkout", RoutingStrategy.CHEAPEST, AWS, GCP))
            .setAllowedRegions(List.of("us-central1"))
            .build();
    WhatIf w = new WhatIf(List.of(residency), PRICER);
    onGcp(5).forEach(w::add);
    assertThat(w.result().functions().get(0).choice()).isEqualTo("GCP us-central1 512MB");
    assertThat(w.result().saving()).isZero();
  }
}
