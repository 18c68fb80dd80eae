package io.fiso.bench.costs;

import io.fiso.avro.Architecture;
import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.pricing.CostRecords;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.Pricer;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.Usage;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroSerializer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost-ingestor benchmark's records: cost events as the workers write them, priced exactly by
 * the bundled price catalog, spread over {@code functions} functions and the three providers, one
 * millisecond of event time apart; and one policy with a monthly budget per function, so that every
 * event also goes through the budget aggregation.
 */
public final class CostWorkload {

  private static final Provider[] PROVIDERS = {Provider.AWS, Provider.AZURE, Provider.GCP};
  private static final String[] REGIONS = {"us-east-1", "eastus", "us-central1"};

  private final int functions;
  private final Pricer pricer = new Pricer(PriceBook.bundled());
  private final AvroSerializer<CostEvent> events;
  private final AvroSerializer<RoutingPolicy> policies;
  private final Instant start = Instant.now().minusSeconds(60);
  private final Charge[][] charges;

  public CostWorkload(SchemaRegistryClient registry, int functions) {
    if (functions < 1 || functions > 99_999) {
      throw new IllegalArgumentException("--functions must be 1..99999, was " + functions);
    }
    this.functions = functions;
    this.events = new AvroSerializer<>(registry, false, true);
    this.policies = new AvroSerializer<>(registry, false, true);
    // A few distinct durations per provider, priced once: pricing is not what is measured.
    charges = new Charge[PROVIDERS.length][8];
    for (int p = 0; p < PROVIDERS.length; p++) {
      for (int d = 0; d < 8; d++) {
        charges[p][d] =
            pricer.price(
                new Usage(
                    PROVIDERS[p],
                    REGIONS[p],
                    Architecture.X86_64,
                    512,
                    20.0 + d * 61.5,
                    PROVIDERS[p] == Provider.AWS ? (long) Math.ceil(20.0 + d * 61.5) : null,
                    null,
                    1));
      }
    }
  }

  static String function(int i) {
    return String.format(Locale.ROOT, "fn-%05d", i);
  }

  /** Cost event {@code seq} of invocation {@code invocationId}, Confluent wire format. */
  public byte[] event(String topic, String invocationId, long seq) {
    int p = (int) (seq % PROVIDERS.length);
    Charge charge = charges[p][(int) ((seq / 3) % 8)];
    Instant begin = start.plusMillis(seq);
    CostEvent.Builder b =
        CostEvent.newBuilder()
            .setEventId(invocationId + "/1")
            .setInvocationId(invocationId)
            .setFunction(function((int) (seq % functions)))
            .setAttempt(1)
            .setResourceId("bench-" + PROVIDERS[p].name().toLowerCase(Locale.ROOT))
            .setChargeCategory("Usage")
            .setChargePeriodStart(begin)
            .setChargePeriodEnd(begin.plusMillis(charge.billedDurationMs()))
            .setContractedCost(null)
            .setTags(Map.of("team", seq % 2 == 0 ? "payments" : "search", "env", "bench"))
            .setStatus(seq % 50 == 0 ? InvocationStatus.FUNCTION_ERROR : InvocationStatus.SUCCEEDED)
            .setLatencyMs(charge.durationMs() + 3.0)
            .setColdStart(seq % 100 == 0)
            .setCounterfactuals(List.of());
    CostRecords.applyCharge(b, charge);
    return events.serialize(topic, b.build());
  }

  /** The policy of function {@code i}, with a monthly budget, Confluent wire format. */
  public byte[] policy(String topic, int i) {
    RoutingPolicy policy =
        RoutingPolicy.newBuilder()
            .setFunction(function(i))
            .setName("bench-" + function(i))
            .setActive(true)
            .setStrategy(RoutingStrategy.CHEAPEST)
            .setTargets(
                List.of(
                    FunctionTarget.newBuilder()
                        .setProvider(Provider.AWS)
                        .setRegion("us-east-1")
                        .setTarget("arn:aws:lambda:us-east-1:123456789012:function:" + function(i))
                        .setMemoryMb(512)
                        .build()))
            .setBudget(
                Budget.newBuilder()
                    .setAmount(new BigDecimal("1000").setScale(24))
                    .setPeriod(BudgetPeriod.MONTH)
                    .setAction(BudgetAction.ALERT)
                    .build())
            .setVersion(1)
            .setUpdatedAt(Instant.now())
            .build();
    return policies.serialize(topic, policy);
  }

  public int functions() {
    return functions;
  }
}
