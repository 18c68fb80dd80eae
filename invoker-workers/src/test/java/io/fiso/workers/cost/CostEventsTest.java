package io.fiso.workers.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Alternative;
import io.fiso.avro.Architecture;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingStrategy;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.PriceNotFoundException;
import io.fiso.workers.invoke.CallOutcome;
import io.fiso.workers.invoke.Metering;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEventsTest {

  private final CostEvents costs = new CostEvents(PriceBook.bundled());

  private static FunctionTarget target(Provider p, String region, int memory) {
    return FunctionTarget.newBuilder()
        .setProvider(p)
        .setRegion(region)
        .setTarget(p + "-fn")
        .setMemoryMb(memory)
        .setArchitecture(Architecture.X86_64)
        .build();
  }

  private static RoutedInvocation routed(
      FunctionTarget chosen, InvocationMode mode, FunctionTarget... others) {
    return RoutedInvocation.newBuilder()
        .setRequest(
            InvocationRequest.newBuilder()
                .setInvocationId("inv-1")
                .setFunction("fn")
                .setPayload(ByteBuffer.allocate(0))
                .setMode(mode)
                .setLabels(Map.of("team", "payments"))
                .setRequestedAt(Instant.now())
                .build())
        .setDecision(
            RoutingDecision.newBuilder()
                .setTarget(chosen)
                .setPolicyFunction("fn")
                .setPolicyName("p")
                .setPolicyVersion(1)
                .setStrategy(RoutingStrategy.CHEAPEST)
                .setReason("test")
                .setAlternatives(
                    java.util.Arrays.stream(others)
                        .map(t -> Alternative.newBuilder().setTarget(t).setEligible(true).build())
                        .toList())
                .setRoutedAt(Instant.now())
                .build())
        .build();
  }

  private static CallOutcome outcome(CallOutcome.Kind kind, Metering metering, long latencyMs) {
    return new CallOutcome(
        kind,
        200,
        null,
        null,
        null,
        null,
        true,
        Instant.now(),
        Duration.ofMillis(latencyMs),
        metering,
        null);
  }

  @Test
  void anAwsCallWithAReportIsPricedExactlyFromItsBilledDuration() {
    FunctionTarget aws = target(Provider.AWS, "us-east-1", 128);
    Metering report = new Metering(10.4, 11L, 1024, 80, null);

    AttemptCost c =
        costs.build(
            routed(aws, InvocationMode.SYNC, target(Provider.AZURE, "eastus", 128)),
            1,
            "inv-1/1",
            outcome(CallOutcome.Kind.SUCCEEDED, report, 30));

    CostEvent e = c.event();
    assertThat(e.getEstimated()).isFalse();
    assertThat(e.getBilledDurationMs()).isEqualTo(11L);
    assertThat(e.getMemoryMb()).isEqualTo(1024); // the REPORT's Memory Size is what is billed
    assertThat(e.getLatencyMs()).isEqualTo(30.0);
    assertThat(e.getTags()).containsEntry("team", "payments");
    assertThat(e.getListCost()).isPositive().isEqualByComparingTo(c.cost());
    assertThat(e.getBilledCost().scale()).isEqualTo(24);
    assertThat(e.getCounterfactuals())
        .singleElement()
        .satisfies(cf -> assertThat(cf.getTarget().getProvider()).isEqualTo(Provider.AZURE));
  }

  @Test
  void aThrottledCallCostsNothingButIsRecorded() {
    AttemptCost c =
        costs.build(
            routed(target(Provider.GCP, "us-central1", 256), InvocationMode.SYNC),
            2,
            "inv-1/2",
            outcome(CallOutcome.Kind.THROTTLED, Metering.NONE, 5));

    assertThat(c.event().getStatus()).isEqualTo(InvocationStatus.THROTTLED);
    assertThat(c.event().getBilledCost()).isZero();
    assertThat(c.event().getLines()).isEmpty();
    assertThat(c.event().getChargeDescription()).contains("Not billed");
    assertThat(c.cost()).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void anAsyncCallIsAnEstimateAtTheMinimumBilledDuration() {
    AttemptCost c =
        costs.build(
            routed(target(Provider.AZURE, "eastus", 128), InvocationMode.ASYNC),
            1,
            "inv-1/1",
            outcome(CallOutcome.Kind.ACCEPTED, Metering.NONE, 40));

    assertThat(c.estimated()).isTrue();
    assertThat(c.event().getBilledDurationMs()).isEqualTo(100L); // Azure's minimum
    assertThat(c.event().getChargeDescription()).contains("ASYNC");
  }

  @Test
  void aBilledCallWithoutAPriceSheetIsNeverPricedAsZero() {
    CostEvents empty = new CostEvents(PriceBook.empty());

    assertThatThrownBy(
            () ->
                empty.build(
                    routed(target(Provider.AWS, "us-east-1", 128), InvocationMode.SYNC),
                    1,
                    "inv-1/1",
                    outcome(CallOutcome.Kind.SUCCEEDED, Metering.NONE, 10)))
        .isInstanceOf(PriceNotFoundException.class);
  }
}
