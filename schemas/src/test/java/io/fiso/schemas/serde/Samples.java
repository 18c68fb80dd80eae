package io.fiso.schemas.serde;

import io.fiso.avro.AlertKind;
import io.fiso.avro.AlertSeverity;
import io.fiso.avro.Alternative;
import io.fiso.avro.Architecture;
import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.CostLine;
import io.fiso.avro.Counterfactual;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.ErrorInfo;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.PriceTier;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Realistic instances of every record FISO writes, with money at its schema's full scale (24),
 * quantities and unit prices at 18, times at millisecond precision, every optional field set.
 */
public final class Samples {

  private Samples() {}

  static final Instant REQUESTED = Instant.parse("2026-11-03T10:15:30.123Z");

  /** USD at the money scale (38,24). */
  public static BigDecimal usd(String value) {
    return new BigDecimal(value).setScale(24);
  }

  /** A quantity or unit price at scale 18. */
  public static BigDecimal qty(String value) {
    return new BigDecimal(value).setScale(18);
  }

  static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  public static FunctionTarget awsTarget() {
    return FunctionTarget.newBuilder()
        .setProvider(Provider.AWS)
        .setRegion("us-east-1")
        .setTarget("arn:aws:lambda:us-east-1:123456789012:function:checkout")
        .setMemoryMb(512)
        .setArchitecture(Architecture.ARM64)
        .setWeight(70)
        .setPriority(0)
        .setAsyncTarget(null)
        .setVcpu(null)
        .build();
  }

  public static FunctionTarget gcpTarget() {
    return FunctionTarget.newBuilder()
        .setProvider(Provider.GCP)
        .setRegion("us-central1")
        .setTarget("https://checkout-abc123-uc.a.run.app")
        .setMemoryMb(512)
        .setArchitecture(Architecture.X86_64)
        .setWeight(30)
        .setPriority(1)
        .setAsyncTarget("projects/fiso-demo/topics/checkout")
        .setVcpu(new BigDecimal("0.333"))
        .build();
  }

  public static InvocationRequest invocationRequest() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("team", "payments");
    labels.put("cost-centre", "cc-4711");
    return InvocationRequest.newBuilder()
        .setInvocationId("inv-0001")
        .setFunction("checkout")
        .setPayload(bytes("{\"cart\":\"c-42\",\"total\":\"19.99\"}"))
        .setContentType("application/json")
        .setMode(InvocationMode.SYNC)
        .setDeadline(Instant.parse("2026-11-03T10:15:35.123Z"))
        .setPreferredProvider(Provider.AWS)
        .setPreferredRegion("us-east-1")
        .setLabels(labels)
        .setRequestedAt(REQUESTED)
        .setAttempt(2)
        .setExcludedProviders(List.of(Provider.AZURE))
        .setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .build();
  }

  public static Budget budget() {
    return Budget.newBuilder()
        .setAmount(usd("50.00"))
        .setPeriod(BudgetPeriod.MONTH)
        .setAction(BudgetAction.BLOCK)
        .setScope("label:team=payments")
        .build();
  }

  public static RoutingPolicy routingPolicy() {
    return RoutingPolicy.newBuilder()
        .setFunction("checkout")
        .setName("checkout-cost-saver")
        .setActive(true)
        .setStrategy(RoutingStrategy.CHEAPEST_WITHIN_SLO)
        .setTargets(List.of(awsTarget(), gcpTarget()))
        .setLatencySloMs(300)
        .setMaxCostPerInvocation(usd("0.0001"))
        .setBudget(budget())
        .setAllowedRegions(List.of("us-east-1", "us-central1"))
        .setVersion(7)
        .setUpdatedAt(Instant.parse("2026-11-01T08:00:00.000Z"))
        .setDescription("Cheapest target that meets a 300 ms p95")
        .build();
  }

  public static Alternative alternative() {
    return Alternative.newBuilder()
        .setTarget(gcpTarget())
        .setEligible(true)
        .setPredictedCost(usd("0.000004566666666666666667"))
        .setPredictedLatencyMs(212.5)
        .setNote("costs 0.0000019 USD more than the chosen target")
        .build();
  }

  public static RoutingDecision routingDecision() {
    return RoutingDecision.newBuilder()
        .setTarget(awsTarget())
        .setPolicyFunction("checkout")
        .setPolicyName("checkout-cost-saver")
        .setPolicyVersion(7)
        .setStrategy(RoutingStrategy.CHEAPEST_WITHIN_SLO)
        .setReason("aws/us-east-1 is the cheapest target whose p95 (180 ms) meets the 300 ms SLO")
        .setPredictedCost(usd("0.000002666672000000000000"))
        .setPredictedLatencyMs(180.0)
        .setAlternatives(List.of(alternative()))
        .setRoutedAt(Instant.parse("2026-11-03T10:15:30.130Z"))
        .build();
  }

  public static RoutedInvocation routedInvocation() {
    return RoutedInvocation.newBuilder()
        .setRequest(invocationRequest())
        .setDecision(routingDecision())
        .build();
  }

  public static ErrorInfo errorInfo() {
    return ErrorInfo.newBuilder()
        .setType("TooManyRequestsException")
        .setMessage("Rate exceeded; retried 3 times, then failed over to gcp")
        .build();
  }

  public static InvocationResult invocationResult() {
    return InvocationResult.newBuilder()
        .setInvocationId("inv-0001")
        .setFunction("checkout")
        .setProvider(Provider.GCP)
        .setRegion("us-central1")
        .setTarget("https://checkout-abc123-uc.a.run.app")
        .setStatus(InvocationStatus.FUNCTION_ERROR)
        .setStatusCode(500)
        .setResponse(bytes("{\"error\":\"cart not found\"}"))
        .setResponseContentType("application/json")
        .setError(errorInfo())
        .setAttempts(4)
        .setProvidersTried(List.of(Provider.AWS, Provider.GCP))
        .setColdStart(true)
        .setRequestedAt(REQUESTED)
        .setRoutedAt(Instant.parse("2026-11-03T10:15:30.130Z"))
        .setStartedAt(Instant.parse("2026-11-03T10:15:31.001Z"))
        .setCompletedAt(Instant.parse("2026-11-03T10:15:31.245Z"))
        .setDurationMs(243.7)
        .setBilledDurationMs(300L)
        .setCost(usd("0.000006150000000000000000"))
        .setCostEstimated(true)
        .setLabels(Map.of("team", "payments"))
        .build();
  }

  public static CostLine requestsLine() {
    return CostLine.newBuilder()
        .setSkuPriceId("aws-lambda-requests")
        .setDescription("Requests")
        .setListUnitPrice(qty("0.0000002"))
        .setPricingQuantity(qty("1"))
        .setPricingUnit("Requests")
        .setConsumedQuantity(qty("1"))
        .setConsumedUnit("Requests")
        .setCost(usd("0.0000002"))
        .build();
  }

  public static CostLine computeLine() {
    // 13 ms billed at 512 MB = 0.0065 GB-s at 0.0000133334 USD/GB-s (arm64).
    return CostLine.newBuilder()
        .setSkuPriceId("aws-lambda-arm64-gb-second")
        .setDescription("Compute, arm64")
        .setListUnitPrice(qty("0.0000133334"))
        .setPricingQuantity(qty("0.0065"))
        .setPricingUnit("GB-Seconds")
        .setConsumedQuantity(qty("0.006170"))
        .setConsumedUnit("GB-Seconds")
        .setCost(usd("0.0000000866671"))
        .build();
  }

  public static Counterfactual counterfactual() {
    return Counterfactual.newBuilder()
        .setTarget(gcpTarget())
        .setCost(usd("0.000004566666666666666667"))
        .setBilledDurationMs(100)
        .build();
  }

  public static CostEvent costEvent() {
    return CostEvent.newBuilder()
        .setEventId("inv-0001/1")
        .setInvocationId("inv-0001")
        .setFunction("checkout")
        .setAttempt(1)
        .setProvider(Provider.AWS)
        .setRegionId("us-east-1")
        .setResourceId("arn:aws:lambda:us-east-1:123456789012:function:checkout")
        .setServiceName("AWS Lambda")
        .setSkuId("aws/lambda/us-east-1/arm64")
        .setChargeCategory("Usage")
        .setChargeDescription("1 request, 13 ms at 512 MB")
        .setBillingCurrency("USD")
        .setChargePeriodStart(Instant.parse("2026-11-03T10:15:30.140Z"))
        .setChargePeriodEnd(Instant.parse("2026-11-03T10:15:30.153Z"))
        .setBilledCost(usd("0.0000002866671"))
        .setEffectiveCost(usd("0.0000002866671"))
        .setListCost(usd("0.0000002866671"))
        .setContractedCost(usd("0.00000025"))
        .setLines(List.of(requestsLine(), computeLine()))
        .setTags(Map.of("team", "payments", "cost-centre", "cc-4711"))
        .setStatus(InvocationStatus.SUCCEEDED)
        .setDurationMs(12.34)
        .setBilledDurationMs(13)
        .setLatencyMs(41.9)
        .setMemoryMb(512)
        .setMaxMemoryUsedMb(70)
        .setArchitecture(Architecture.ARM64)
        .setColdStart(true)
        .setEstimated(false)
        .setPriceSheetVersion(3)
        .setCounterfactuals(List.of(counterfactual()))
        .build();
  }

  public static ProviderStats providerStats() {
    return ProviderStats.newBuilder()
        .setFunction("checkout")
        .setProvider(Provider.AWS)
        .setRegion("us-east-1")
        .setInvocations(12_345)
        .setWeightedCount(987.25)
        .setErrorRate(0.012)
        .setThrottleRate(0.001)
        .setColdStartRate(0.05)
        .setMeanDurationMs(14.2)
        .setP50DurationMs(12.0)
        .setP95DurationMs(31.5)
        .setP99DurationMs(88.0)
        .setMeanLatencyMs(45.0)
        .setP50LatencyMs(40.0)
        .setP95LatencyMs(180.0)
        .setP99LatencyMs(410.0)
        .setMeanCost(usd("0.000000291234567890123456"))
        .setMeanBilledDurationMs(15.0)
        .setHealthy(false)
        .setHealthReason("error rate 12% above the 10% threshold")
        .setUpdatedAt(Instant.parse("2026-11-03T10:16:00.000Z"))
        .build();
  }

  public static PriceTier priceTier() {
    return PriceTier.newBuilder()
        .setFromQuantity(qty("7500000000"))
        .setUnitPrice(qty("0.0000120001"))
        .build();
  }

  public static PriceComponent priceComponent() {
    return PriceComponent.newBuilder()
        .setSkuPriceId("aws-lambda-arm64-gb-second")
        .setUnit("GB-Seconds")
        .setUnitPrice(qty("0.0000133334"))
        .setTiers(List.of(priceTier(), tier("18750000000", "0.0000106667")))
        .setFreeMonthly(qty("400000"))
        .build();
  }

  private static PriceTier tier(String from, String price) {
    return PriceTier.newBuilder().setFromQuantity(qty(from)).setUnitPrice(qty(price)).build();
  }

  public static PriceSheet priceSheet() {
    PriceComponent requests =
        PriceComponent.newBuilder()
            .setSkuPriceId("aws-lambda-requests")
            .setUnit("Requests")
            .setUnitPrice(qty("0.0000002"))
            .setTiers(List.of())
            .setFreeMonthly(qty("1000000"))
            .build();
    return PriceSheet.newBuilder()
        .setProvider(Provider.AWS)
        .setRegion("us-east-1")
        .setArchitecture(Architecture.ARM64)
        .setService("AWS Lambda")
        .setCurrency("USD")
        .setComponents(List.of(requests, priceComponent()))
        .setDurationRoundingMs(1)
        .setMinimumDurationMs(0)
        .setMemoryRoundingMb(1)
        .setMinimumMemoryMb(128)
        .setMaximumMemoryMb(10240)
        .setSource("https://aws.amazon.com/lambda/pricing/")
        .setSourceDate(LocalDate.of(2026, 10, 15))
        .setVersion(3)
        .setPublishedAt(Instant.parse("2026-10-15T12:00:00.000Z"))
        .build();
  }

  public static BudgetStatus budgetStatus() {
    return BudgetStatus.newBuilder()
        .setScope("label:team=payments")
        .setPolicyFunction("checkout")
        .setPeriod(BudgetPeriod.MONTH)
        .setPeriodStart(Instant.parse("2026-11-01T00:00:00.000Z"))
        .setPeriodEnd(Instant.parse("2026-12-01T00:00:00.000Z"))
        .setAmount(usd("50.00"))
        .setSpend(usd("41.123456789012345678901234"))
        .setForecast(usd("411.23456789"))
        .setUtilization(0.8224691357802469)
        .setState(BudgetState.WARN)
        .setAction(BudgetAction.BLOCK)
        .setUpdatedAt(Instant.parse("2026-11-03T10:16:00.000Z"))
        .build();
  }

  public static FinOpsAlert finOpsAlert() {
    return FinOpsAlert.newBuilder()
        .setAlertId("label:team=payments/BUDGET_WARNING/2026-11")
        .setScope("label:team=payments")
        .setKind(AlertKind.BUDGET_WARNING)
        .setSeverity(AlertSeverity.WARNING)
        .setMessage("82% of the 50.00 USD monthly budget spent; forecast 411.23 USD")
        .setAmount(usd("41.123456789012345678901234"))
        .setThreshold(usd("40.00"))
        .setRaisedAt(Instant.parse("2026-11-03T10:16:00.001Z"))
        .setLabels(Map.of("policy", "checkout-cost-saver"))
        .build();
  }

  public static DeadLetter deadLetter() {
    Map<String, ByteBuffer> headers = new LinkedHashMap<>();
    headers.put("traceparent", bytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    return DeadLetter.newBuilder()
        .setTopic("fiso.invocations")
        .setPartition(3)
        .setOffset(42)
        .setTimestamp(REQUESTED)
        .setKey(bytes("inv-0001"))
        .setValue(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 7, 42}))
        .setHeaders(headers)
        .setStage("router")
        .setErrorType("io.fiso.schemas.serde.WireFormatException")
        .setErrorMessage(
            "Cannot decode Avro record at topic fiso.invocations partition 3 offset 42")
        .setFailedAt(Instant.parse("2026-11-03T10:15:31.000Z"))
        .setAttempts(1)
        .setInvocationId("inv-0001")
        .build();
  }

  /** One sample of every record class, top-level and nested, in a stable order. */
  public static Map<Class<? extends SpecificRecord>, SpecificRecord> all() {
    Map<Class<? extends SpecificRecord>, SpecificRecord> all = new LinkedHashMap<>();
    for (SpecificRecord r :
        List.<SpecificRecord>of(
            invocationRequest(),
            routingPolicy(),
            routedInvocation(),
            invocationResult(),
            costEvent(),
            providerStats(),
            priceSheet(),
            budgetStatus(),
            finOpsAlert(),
            deadLetter(),
            awsTarget(),
            budget(),
            routingDecision(),
            alternative(),
            errorInfo(),
            requestsLine(),
            counterfactual(),
            priceComponent(),
            priceTier())) {
      all.put(r.getClass(), r);
    }
    return all;
  }
}
