package io.fiso.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Architecture;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.ChargeLine;
import io.fiso.pricing.billing.Decimals;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties every provider's billing rules hold, over the bundled catalog. */
class BillingPropertiesTest {
  private static final PriceBook BOOK = PriceBook.bundled();
  private static final Pricer PRICER = new Pricer(BOOK);

  /** A plan: provider, region, architecture and the memory range its rules accept. */
  record Plan(Provider provider, String region, Architecture architecture, int minMb, int maxMb) {
    FunctionTarget target(int memoryMb, BigDecimal vcpu) {
      return Targets.target(provider, region, memoryMb, architecture, vcpu);
    }

    PriceSheet sheet() {
      return BOOK.sheetFor(provider, region, architecture);
    }
  }

  @Provide
  Arbitrary<Plan> plans() {
    return Arbitraries.of(
        new Plan(Provider.AWS, "us-east-1", Architecture.X86_64, 128, 10240),
        new Plan(Provider.AWS, "eu-central-1", Architecture.ARM64, 128, 10240),
        new Plan(Provider.AZURE, "eastus", Architecture.X86_64, 1, 4096),
        new Plan(Provider.GCP, "us-central1", Architecture.X86_64, 128, 32768));
  }

  @Provide
  Arbitrary<Double> durations() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(0, 1000).ofScale(3),
        Arbitraries.doubles().between(0, 900_000).ofScale(2),
        Arbitraries.doubles().between(0, 300),
        Arbitraries.of(0.0, 1.0, 99.999, 100.0, 100.001, 15 * 60_000.0));
  }

  @Provide
  Arbitrary<BigDecimal> vcpus() {
    return Arbitraries.bigDecimals()
        .between(new BigDecimal("0.080"), new BigDecimal("8"))
        .ofScale(3)
        .injectNull(0.5);
  }

  @Provide
  Arbitrary<Usage> usages() {
    return plans()
        .flatMap(
            plan ->
                Combinators.combine(
                        Arbitraries.integers().between(plan.minMb(), plan.maxMb()),
                        durations(),
                        vcpus(),
                        Arbitraries.longs().between(1, 1_000_000))
                    .as(
                        (memory, duration, vcpu, requests) ->
                            Usage.of(plan.target(memory, vcpu), duration).withRequests(requests)));
  }

  @Property
  void cost_is_never_negative_and_is_the_exact_sum_of_unit_price_times_quantity(
      @ForAll("usages") Usage usage) {
    Charge charge = PRICER.price(usage);

    assertThat(charge.listCost().signum()).isPositive();
    BigDecimal sum = BigDecimal.ZERO;
    for (ChargeLine line : charge.lines()) {
      assertThat(line.cost().signum()).isNotNegative();
      assertThat(line.cost()).isEqualTo(line.listUnitPrice().multiply(line.pricingQuantity()));
      sum = sum.add(line.cost());
    }
    assertThat(charge.listCost()).isEqualTo(sum);
    assertThat(charge.billedCost()).isEqualTo(sum);
    assertThat(charge.effectiveCost()).isEqualTo(sum);
  }

  @Property
  void every_amount_fits_its_avro_decimal_without_rounding(@ForAll("usages") Usage usage) {
    Charge charge = PRICER.price(usage);

    assertThat(Decimals.fits(charge.listCost(), Decimals.MONEY_SCALE)).isTrue();
    for (ChargeLine line : charge.lines()) {
      assertThat(Decimals.fits(line.cost(), Decimals.MONEY_SCALE)).isTrue();
      assertThat(Decimals.fits(line.pricingQuantity(), Decimals.QUANTITY_SCALE)).isTrue();
      assertThat(Decimals.fits(line.consumedQuantity(), Decimals.QUANTITY_SCALE)).isTrue();
      assertThat(Decimals.fits(line.listUnitPrice(), Decimals.QUANTITY_SCALE)).isTrue();
    }
  }

  @Property(tries = 200)
  void a_cost_event_built_from_a_charge_survives_avro_encoding_unchanged(
      @ForAll("usages") Usage usage) throws Exception {
    Charge charge = PRICER.price(usage);
    CostEvent event =
        CostRecords.applyCharge(CostEvent.newBuilder(), charge)
            .setEventId("inv-1/1")
            .setInvocationId("inv-1")
            .setFunction("fn")
            .setResourceId("fn")
            .setChargePeriodStart(Instant.EPOCH)
            .setChargePeriodEnd(Instant.EPOCH)
            .setStatus(InvocationStatus.SUCCEEDED)
            .build();

    CostEvent decoded = CostEvent.fromByteBuffer(event.toByteBuffer());

    assertThat(decoded.getListCost()).isEqualByComparingTo(charge.listCost());
    assertThat(decoded.getLines()).hasSameSizeAs(charge.lines());
    for (int i = 0; i < charge.lines().size(); i++) {
      assertThat(decoded.getLines().get(i).getCost())
          .isEqualByComparingTo(charge.lines().get(i).cost());
      assertThat(decoded.getLines().get(i).getPricingQuantity())
          .isEqualByComparingTo(charge.lines().get(i).pricingQuantity());
    }
  }

  @Property
  void billed_duration_covers_the_run_and_is_a_multiple_of_the_rounding(
      @ForAll("usages") Usage usage) {
    Charge charge = PRICER.price(usage);
    PriceSheet sheet = BOOK.sheetFor(usage.provider(), usage.region(), usage.architecture());

    assertThat((double) charge.billedDurationMs()).isGreaterThanOrEqualTo(usage.durationMs());
    assertThat(charge.billedDurationMs() % sheet.getDurationRoundingMs()).isZero();
    assertThat(charge.billedDurationMs())
        .isGreaterThanOrEqualTo(Math.max(sheet.getMinimumDurationMs(), 1));
    assertThat(charge.billedDurationMs() - usage.durationMs())
        .isLessThanOrEqualTo(Math.max(sheet.getDurationRoundingMs(), sheet.getMinimumDurationMs()));
    assertThat(charge.billedMemoryMb() % sheet.getMemoryRoundingMb()).isZero();
    assertThat(charge.billedMemoryMb())
        .isBetween(sheet.getMinimumMemoryMb(), sheet.getMaximumMemoryMb());
    assertThat(charge.estimated()).isTrue();
  }

  @Property
  void cost_does_not_fall_when_the_run_is_longer(
      @ForAll("plans") Plan plan, @ForAll("durations") double a, @ForAll("durations") double b) {
    FunctionTarget target = plan.target(plan.minMb() + 128, null);
    double shorter = Math.min(a, b);
    double longer = Math.max(a, b);
    assertThat(PRICER.predictCost(target, shorter))
        .isLessThanOrEqualTo(PRICER.predictCost(target, longer));
  }

  @Property
  void cost_does_not_fall_when_memory_grows(
      @ForAll("plans") Plan plan,
      @ForAll("durations") double duration,
      @ForAll int seedA,
      @ForAll int seedB) {
    int span = plan.maxMb() - plan.minMb() + 1;
    int a = plan.minMb() + Math.floorMod(seedA, span);
    int b = plan.minMb() + Math.floorMod(seedB, span);
    int smaller = Math.min(a, b);
    int larger = Math.max(a, b);
    assertThat(PRICER.predictCost(plan.target(smaller, null), duration))
        .isLessThanOrEqualTo(PRICER.predictCost(plan.target(larger, null), duration));
  }

  @Property
  void an_aws_reported_billed_duration_is_used_exactly(
      @ForAll("durations") double duration,
      @ForAll("memoryMb") int memory,
      @ForAll("billed") long billed) {
    Charge charge =
        PRICER.price(
            Usage.reportedByAws(Targets.aws(memory, Architecture.X86_64), duration, billed));

    assertThat(charge.billedDurationMs()).isEqualTo(billed);
    assertThat(charge.estimated()).isFalse();
    // GB-s = memory/1024 × billed/1000, exactly.
    assertThat(charge.line("GB-Seconds").pricingQuantity())
        .isEqualByComparingTo(
            BigDecimal.valueOf(memory)
                .divide(BigDecimal.valueOf(1024))
                .multiply(BigDecimal.valueOf(billed).movePointLeft(3)));
  }

  @Provide
  Arbitrary<Integer> memoryMb() {
    return Arbitraries.integers().between(128, 10240);
  }

  @Provide
  Arbitrary<Long> billed() {
    return Arbitraries.longs().between(1, 900_000);
  }
}
