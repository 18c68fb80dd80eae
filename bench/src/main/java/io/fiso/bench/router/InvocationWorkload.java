package io.fiso.bench.router;

import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.costs.budget.Periods;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroSerializer;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The router benchmark's records: invocation requests spread evenly over {@code policies} functions
 * ({@code fn-00000} ...), each with its own policy routing over the three providers. Function names
 * have a fixed width, so every policy count sends records of the same size.
 */
public final class InvocationWorkload {

  private final int policies;
  private final RoutingStrategy strategy;
  private final byte[] payload;
  private final AvroSerializer<InvocationRequest> requests;
  private final AvroSerializer<RoutingPolicy> policySerializer;
  private final AvroSerializer<ProviderStats> statsSerializer;
  private final AvroSerializer<BudgetStatus> budgetSerializer;
  private final Instant now = Instant.now();
  private final Instant monthStart =
      Instant.ofEpochMilli(Periods.start(BudgetPeriod.MONTH, now.toEpochMilli()));
  private final Instant monthEnd =
      Instant.ofEpochMilli(Periods.end(BudgetPeriod.MONTH, monthStart.toEpochMilli()));

  public InvocationWorkload(
      SchemaRegistryClient registry, int policies, RoutingStrategy strategy, int payloadBytes) {
    if (policies < 1 || policies > 99_999) {
      throw new IllegalArgumentException("--policies must be 1..99999, was " + policies);
    }
    this.policies = policies;
    this.strategy = strategy;
    this.payload = payload(payloadBytes);
    this.requests = new AvroSerializer<>(registry, false, true);
    this.policySerializer = new AvroSerializer<>(registry, false, true);
    this.statsSerializer = new AvroSerializer<>(registry, false, true);
    this.budgetSerializer = new AvroSerializer<>(registry, false, true);
  }

  public int policies() {
    return policies;
  }

  /** The function of record {@code seq}. */
  public String function(long seq) {
    return function((int) (seq % policies));
  }

  static String function(int i) {
    return String.format(Locale.ROOT, "fn-%05d", i);
  }

  /** The request with id {@code invocationId}, Confluent wire format, for {@code topic}. */
  public byte[] request(String topic, String invocationId, long seq) {
    return requests.serialize(topic, requestRecord(invocationId, seq));
  }

  private InvocationRequest requestRecord(String invocationId, long seq) {
    return InvocationRequest.newBuilder()
        .setInvocationId(invocationId)
        .setFunction(function(seq))
        .setPayload(ByteBuffer.wrap(payload))
        .setContentType("application/json")
        .setMode(InvocationMode.SYNC)
        .setLabels(Map.of("team", "payments", "env", "bench"))
        .setRequestedAt(now)
        .build();
  }

  /** The policy of function {@code i}, Confluent wire format, for {@code topic}. */
  public byte[] policy(String topic, int i) {
    return policySerializer.serialize(topic, policy(i));
  }

  RoutingPolicy policy(int i) {
    return RoutingPolicy.newBuilder()
        .setFunction(function(i))
        .setName("bench-" + function(i))
        .setActive(true)
        .setStrategy(strategy)
        .setTargets(targets(i))
        .setLatencySloMs(strategy == RoutingStrategy.CHEAPEST_WITHIN_SLO ? 1000 : null)
        .setVersion(1)
        .setUpdatedAt(now)
        .build();
  }

  /**
   * Statistics update {@code seq}, as the cost-ingestor writes them: function {@code seq %
   * policies} on each of its targets in turn, healthy, with a latency that varies by a few ms.
   */
  public ProviderStats stats(long seq) {
    int i = (int) (seq % policies);
    FunctionTarget t = targets(i).get((int) ((seq / policies) % 3));
    double latency = 100 + seq % 7;
    return ProviderStats.newBuilder()
        .setFunction(function(i))
        .setProvider(t.getProvider())
        .setRegion(t.getRegion())
        .setInvocations(1000 + seq)
        .setWeightedCount(1000)
        .setErrorRate(0.001)
        .setThrottleRate(0)
        .setColdStartRate(0.01)
        .setMeanDurationMs(80)
        .setP50DurationMs(75)
        .setP95DurationMs(120)
        .setP99DurationMs(150)
        .setMeanLatencyMs(latency)
        .setP50LatencyMs(latency)
        .setP95LatencyMs(latency + 40)
        .setP99LatencyMs(latency + 70)
        .setMeanCost(new BigDecimal("0.000000200000000000000000"))
        .setMeanBilledDurationMs(80)
        .setHealthy(true)
        .setHealthReason(null)
        .setUpdatedAt(now)
        .build();
  }

  /** {@link #stats(long)} in Confluent wire format for {@code topic}. */
  public byte[] statsRecord(String topic, ProviderStats stats) {
    return statsSerializer.serialize(topic, stats);
  }

  /**
   * Budget status update {@code seq}, as the cost-ingestor writes them: the monthly budget of
   * function {@code seq % policies}, spending but far from its limit (state OK).
   */
  public BudgetStatus budget(long seq) {
    int i = (int) (seq % policies);
    BigDecimal amount = new BigDecimal("1000").setScale(24);
    BigDecimal spend = new BigDecimal(seq % 1000).movePointLeft(3).setScale(24);
    return BudgetStatus.newBuilder()
        .setScope("function:" + function(i))
        .setPolicyFunction(function(i))
        .setPeriod(BudgetPeriod.MONTH)
        .setPeriodStart(monthStart)
        .setPeriodEnd(monthEnd)
        .setAmount(amount)
        .setSpend(spend)
        .setForecast(spend)
        .setUtilization(spend.doubleValue() / 1000)
        .setState(BudgetState.OK)
        .setAction(BudgetAction.BLOCK)
        .setUpdatedAt(now)
        .build();
  }

  /** {@link #budget(long)} in Confluent wire format for {@code topic}. */
  public byte[] budgetRecord(String topic, BudgetStatus status) {
    return budgetSerializer.serialize(topic, status);
  }

  private static List<FunctionTarget> targets(int i) {
    String fn = function(i);
    return List.of(
        target(
            Provider.AWS,
            "us-east-1",
            "arn:aws:lambda:us-east-1:123456789012:function:" + fn,
            512,
            0),
        target(Provider.AZURE, "eastus", "https://bench.azurewebsites.net/api/" + fn, 512, 1),
        target(
            Provider.GCP,
            "us-central1",
            "https://us-central1-bench.cloudfunctions.net/" + fn,
            512,
            2));
  }

  private static FunctionTarget target(
      Provider p, String region, String id, int memory, int priority) {
    return FunctionTarget.newBuilder()
        .setProvider(p)
        .setRegion(region)
        .setTarget(id)
        .setMemoryMb(memory)
        .setWeight(1)
        .setPriority(priority)
        .build();
  }

  /** A JSON object of exactly {@code bytes} bytes (at least 12). */
  static byte[] payload(int bytes) {
    int fill = Math.max(0, bytes - "{\"data\":\"\"}".length());
    return ("{\"data\":\"" + "x".repeat(fill) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The Avro bytes of the decision the router makes for the first function's requests (bundled
   * prices, nothing measured, as in the benchmark) with {@code router}'s settings: what the router
   * appends to every request it routes, for baselines that write as many bytes as the router does.
   */
  public byte[] decisionBytes(io.fiso.router.RouterConfig router) {
    RoutingPolicy policy = policy(0);
    io.fiso.router.cost.PricingCostModel costs =
        new io.fiso.router.cost.PricingCostModel(
            key -> java.util.Optional.empty(), io.fiso.pricing.PriceBook.bundled());
    io.fiso.router.decision.RoutingState state =
        new io.fiso.router.decision.RoutingState() {
          @Override
          public java.util.Optional<RoutingPolicy> policy(String function) {
            return java.util.Optional.of(policy);
          }

          @Override
          public java.util.Optional<ProviderStats> stats(
              String function, Provider provider, String region) {
            return java.util.Optional.empty();
          }

          @Override
          public java.util.Optional<BudgetStatus> budget(String scope) {
            return java.util.Optional.empty();
          }

          @Override
          public io.fiso.router.cost.CostModel costModel() {
            return costs;
          }
        };
    io.fiso.router.decision.Outcome outcome =
        new io.fiso.router.decision.Router(router.routerSettings())
            .route(requestRecord("b-0", 0), state, now);
    if (!(outcome instanceof io.fiso.router.decision.Outcome.Routed routed)) {
      throw new IllegalStateException("The benchmark's first request was not routed: " + outcome);
    }
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
      org.apache.avro.io.BinaryEncoder encoder =
          org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
      new org.apache.avro.specific.SpecificDatumWriter<>(io.fiso.avro.RoutingDecision.class)
          .write(routed.invocation().getDecision(), encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
