package io.fiso.costs.testkit;

import io.fiso.avro.Architecture;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.pricing.CostRecords;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.Pricer;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds cost events for tests: priced by the pricing module, or with a cost given outright. */
public final class CostEvents {

  private static final AtomicLong IDS = new AtomicLong();
  public static final Pricer PRICER = new Pricer(PriceBook.bundled());

  private CostEvents() {}

  public static FunctionTarget target(Provider provider, String region, int memoryMb) {
    return target(provider, region, memoryMb, Architecture.X86_64);
  }

  public static FunctionTarget target(
      Provider provider, String region, int memoryMb, Architecture architecture) {
    return FunctionTarget.newBuilder()
        .setProvider(provider)
        .setRegion(region)
        .setTarget(provider.name().toLowerCase() + ":" + region + ":fn")
        .setMemoryMb(memoryMb)
        .setArchitecture(architecture)
        .build();
  }

  /**
   * A builder with every field set: AWS us-east-1 x86 128 MB, 100 ms, SUCCEEDED, priced exactly.
   */
  public static CostEvent.Builder event(String function, Instant start) {
    return priced(function, target(Provider.AWS, "us-east-1", 128), start, 100.0);
  }

  /** An event on {@code target} lasting {@code durationMs}, priced by the pricing module. */
  public static CostEvent.Builder priced(
      String function, FunctionTarget target, Instant start, double durationMs) {
    long n = IDS.incrementAndGet();
    String invocation = "inv-" + n;
    CostEvent.Builder b =
        CostEvent.newBuilder()
            .setEventId(invocation + "/1")
            .setInvocationId(invocation)
            .setFunction(function)
            .setAttempt(1)
            .setResourceId(target.getTarget())
            .setChargeCategory("Usage")
            .setChargePeriodStart(start)
            .setChargePeriodEnd(start.plusMillis((long) Math.ceil(durationMs)))
            .setContractedCost(null)
            .setTags(new HashMap<>())
            .setStatus(InvocationStatus.SUCCEEDED)
            .setLatencyMs(durationMs + 20)
            .setMaxMemoryUsedMb(null)
            .setColdStart(false)
            .setCounterfactuals(new java.util.ArrayList<>());
    CostRecords.applyCharge(b, PRICER.price(Usage.of(target, durationMs)));
    return b;
  }

  /**
   * Replaces the cost of {@code b} with {@code usd} (one line-less charge), for budget arithmetic.
   */
  public static CostEvent.Builder costing(CostEvent.Builder b, String usd) {
    BigDecimal cost = new BigDecimal(usd).setScale(24, RoundingMode.UNNECESSARY);
    return b.setBilledCost(cost)
        .setEffectiveCost(cost)
        .setListCost(cost)
        .setLines(new java.util.ArrayList<>());
  }

  public static CostEvent.Builder tagged(CostEvent.Builder b, String key, String value) {
    Map<String, String> tags = new HashMap<>(b.getTags());
    tags.put(key, value);
    return b.setTags(tags);
  }
}
