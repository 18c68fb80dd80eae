package io.fiso.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.CostEvent;
import io.fiso.avro.CostLine;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.Decimals;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostRecordsTest {
  private final Pricer pricer = new Pricer(PriceBook.bundled());

  @Test
  void cost_lines_carry_focus_quantities_units_and_exact_costs_at_the_avro_scales() {
    Charge charge = pricer.price(Usage.of(Targets.aws(129, Architecture.X86_64), 0.7));

    List<CostLine> lines = CostRecords.toCostLines(charge);

    assertThat(lines)
        .extracting(CostLine::getPricingUnit)
        .containsExactly("Requests", "GB-Seconds");
    CostLine compute = lines.get(1);
    assertThat(compute.getSkuPriceId()).isEqualTo("aws-lambda-x86-gb-second");
    assertThat(compute.getListUnitPrice()).isEqualTo(new BigDecimal("0.000016666700000000"));
    assertThat(compute.getPricingQuantity()).isEqualTo(new BigDecimal("0.000125976562500000"));
    assertThat(compute.getCost()).isEqualTo(new BigDecimal("0.000000002099613574218750"));
    assertThat(compute.getConsumedUnit()).isEqualTo("GB-Seconds");
    assertThat(compute.getConsumedQuantity()).isEqualByComparingTo("0.00008818359375");
  }

  @Test
  void apply_charge_fills_the_cost_event_fields_the_charge_determines() {
    Charge charge = pricer.price(Usage.reportedByAws(Targets.aws(128, Architecture.ARM64), 2, 3));

    CostEvent.Builder event = CostRecords.applyCharge(CostEvent.newBuilder(), charge);

    assertThat(event.getListCost()).isEqualTo(Decimals.money(charge.listCost()));
    assertThat(event.getBilledCost()).isEqualTo(event.getListCost());
    assertThat(event.getEffectiveCost()).isEqualTo(event.getListCost());
    assertThat(event.getSkuId()).isEqualTo("AWS/AWS Lambda/us-east-1/ARM64");
    assertThat(event.getServiceName()).isEqualTo("AWS Lambda");
    assertThat(event.getRegionId()).isEqualTo("us-east-1");
    assertThat(event.getBilledDurationMs()).isEqualTo(3);
    assertThat(event.getEstimated()).isFalse();
    assertThat(event.getArchitecture()).isEqualTo(Architecture.ARM64);
    assertThat(event.getChargeDescription()).contains("as billed by the provider");
  }

  @Test
  void money_that_needs_more_than_24_decimals_is_refused_rather_than_rounded() {
    assertThatThrownBy(() -> Decimals.money(new BigDecimal("1E-25")))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("decimal(38,24)");
    assertThat(Decimals.money(new BigDecimal("1E-24")).scale()).isEqualTo(24);
  }

  @Test
  void a_recorded_cost_event_reprices_to_the_same_charge() {
    for (Usage usage :
        List.of(
            Usage.reportedByAws(Targets.aws(256, Architecture.ARM64), 12.34, 13).withRequests(3),
            Usage.of(Targets.azure(200), 250.5),
            Usage.of(Targets.gcp(512, new BigDecimal("1.5")), 1234.5),
            Usage.of(Targets.gcp(768, null), 99))) {
      Charge charge = pricer.price(usage);
      CostEvent event = event(charge);

      Usage recovered = CostRecords.usageOf(event);

      assertThat(recovered.hasReportedBilledDuration()).isEqualTo(!charge.estimated());
      assertThat(recovered.requests()).isEqualTo(usage.requests());
      assertThat(pricer.price(recovered).listCost()).isEqualByComparingTo(charge.listCost());
    }
  }

  private static CostEvent event(Charge charge) {
    return CostRecords.applyCharge(CostEvent.newBuilder(), charge)
        .setEventId("inv-1/1")
        .setInvocationId("inv-1")
        .setFunction("fn")
        .setResourceId("fn")
        .setChargePeriodStart(java.time.Instant.EPOCH)
        .setChargePeriodEnd(java.time.Instant.EPOCH)
        .setStatus(io.fiso.avro.InvocationStatus.SUCCEEDED)
        .build();
  }
}
