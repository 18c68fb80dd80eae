package io.fiso.router;

import io.fiso.avro.Architecture;
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
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records for tests, with every field set. */
public final class Fixtures {

  public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private Fixtures() {}

  public static FunctionTarget aws(String region) {
    return target(Provider.AWS, region, "arn:aws:lambda:" + region + ":123456789012:function:f");
  }

  public static FunctionTarget azure(String region) {
    return target(Provider.AZURE, region, "https://f-" + region + ".azurewebsites.net/api/f");
  }

  public static FunctionTarget gcp(String region) {
    return target(Provider.GCP, region, "https://" + region + "-p.cloudfunctions.net/f");
  }

  public static FunctionTarget target(Provider provider, String region, String id) {
    return new FunctionTarget(provider, region, id, 128, Architecture.X86_64, 1, 0, null, null);
  }

  public static FunctionTarget weighted(FunctionTarget t, int weight) {
    return new FunctionTarget(
        t.getProvider(),
        t.getRegion(),
        t.getTarget(),
        t.getMemoryMb(),
        t.getArchitecture(),
        weight,
        t.getPriority(),
        t.getAsyncTarget(),
        t.getVcpu());
  }

  public static FunctionTarget prioritized(FunctionTarget t, int priority) {
    return new FunctionTarget(
        t.getProvider(),
        t.getRegion(),
        t.getTarget(),
        t.getMemoryMb(),
        t.getArchitecture(),
        t.getWeight(),
        priority,
        t.getAsyncTarget(),
        t.getVcpu());
  }

  public static RoutingPolicy policy(
      String function, RoutingStrategy strategy, FunctionTarget... targets) {
    return new RoutingPolicy(
        function,
        function + "-policy",
        true,
        strategy,
        List.of(targets),
        null,
        null,
        null,
        List.of(),
        1L,
        NOW,
        null);
  }

  public static InvocationRequest request(String id, String function) {
    return new InvocationRequest(
        id,
        function,
        ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)),
        "application/json",
        InvocationMode.SYNC,
        null,
        null,
        null,
        Map.of(),
        NOW,
        1,
        List.of(),
        null);
  }

  /** Measured statistics: {@code invocations} attempts, the given p95 latency and duration. */
  public static ProviderStats stats(
      String function, FunctionTarget t, long invocations, double p95LatencyMs, double durationMs) {
    return new ProviderStats(
        function,
        t.getProvider(),
        t.getRegion(),
        invocations,
        (double) invocations,
        0.0,
        0.0,
        0.0,
        durationMs,
        durationMs,
        durationMs * 1.5,
        durationMs * 2,
        p95LatencyMs / 2,
        p95LatencyMs / 2,
        p95LatencyMs,
        p95LatencyMs * 1.2,
        new BigDecimal("0.000001000000000000000000"),
        durationMs,
        true,
        null,
        NOW);
  }

  public static ProviderStats unhealthy(String function, FunctionTarget t, String why) {
    ProviderStats s = stats(function, t, 50, 100, 20);
    s.setHealthy(false);
    s.setErrorRate(0.4);
    s.setHealthReason(why);
    return s;
  }

  public static BudgetStatus blocked(
      String scope, String policyFunction, String spend, String amount) {
    return new BudgetStatus(
        scope,
        policyFunction,
        BudgetPeriod.MONTH,
        Instant.parse("2026-11-01T00:00:00Z"),
        Instant.parse("2026-12-01T00:00:00Z"),
        new BigDecimal(amount).setScale(24),
        new BigDecimal(spend).setScale(24),
        new BigDecimal(spend).setScale(24),
        new BigDecimal(spend)
            .divide(new BigDecimal(amount), java.math.MathContext.DECIMAL64)
            .doubleValue(),
        BudgetState.BLOCK,
        BudgetAction.BLOCK,
        NOW);
  }
}
