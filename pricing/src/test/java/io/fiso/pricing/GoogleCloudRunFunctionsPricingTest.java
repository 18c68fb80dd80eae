package io.fiso.pricing;

import static io.fiso.pricing.Targets.gcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.Units;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Worked Google Cloud Run functions (2nd gen) examples, computed by hand, Tier 1 prices. */
class GoogleCloudRunFunctionsPricingTest {
  private final Pricer pricer = new Pricer(PriceBook.bundled());

  @Test
  void gcp_256mb_150ms_bills_200ms_of_0_167_vcpu_and_0_25_gib_costing_0_0000013266() {
    // 150 ms → 200 ms. vCPU from memory: 256 MiB → 0.167.
    // 0.167 × 0.2 s = 0.0334 vCPU-s × 0.000024 = 0.0000008016
    // 0.25 GiB × 0.2 s = 0.05 GiB-s × 0.0000025 = 0.000000125
    // + one request at 0.0000004 = 0.0000013266
    Charge charge = pricer.price(Usage.of(gcp(256, null), 150));

    assertThat(charge.billedDurationMs()).isEqualTo(200);
    assertThat(charge.billedVcpu()).isEqualByComparingTo("0.167");
    assertThat(charge.line(Units.VCPU_SECONDS).pricingQuantity()).isEqualByComparingTo("0.0334");
    assertThat(charge.line(Units.VCPU_SECONDS).cost()).isEqualByComparingTo("0.0000008016");
    assertThat(charge.line(Units.GIB_SECONDS).pricingQuantity()).isEqualByComparingTo("0.05");
    assertThat(charge.line(Units.GIB_SECONDS).cost()).isEqualByComparingTo("0.000000125");
    assertThat(charge.line(Units.REQUESTS).cost()).isEqualByComparingTo("0.0000004");
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000013266");
    assertThat(charge.estimated()).isTrue();
  }

  @Test
  void gcp_1024mb_with_explicit_1_vcpu_for_1s_costs_0_0000269() {
    // 1 vCPU-s × 0.000024 + 1 GiB-s × 0.0000025 + 0.0000004
    Charge charge = pricer.price(Usage.of(gcp(1024, new BigDecimal("1.000")), 1000));

    assertThat(charge.billedVcpu()).isEqualByComparingTo("1");
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000269");
  }

  @Test
  void gcp_768mb_takes_the_next_table_row_0_583_vcpu_and_costs_0_0000019867_for_100ms() {
    // 0.583 × 0.1 = 0.0583 vCPU-s × 0.000024 = 0.0000013992
    // 0.75 GiB × 0.1 = 0.075 GiB-s × 0.0000025 = 0.0000001875; + 0.0000004
    Charge charge = pricer.price(Usage.of(gcp(768, null), 100));

    assertThat(charge.billedVcpu()).isEqualByComparingTo("0.583");
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000019867");
  }

  @Test
  void gcp_rounds_up_to_100ms_multiples() {
    assertThat(pricer.price(Usage.of(gcp(256, null), 0.5)).billedDurationMs()).isEqualTo(100);
    assertThat(pricer.price(Usage.of(gcp(256, null), 100)).billedDurationMs()).isEqualTo(100);
    assertThat(pricer.price(Usage.of(gcp(256, null), 100.1)).billedDurationMs()).isEqualTo(200);
    assertThat(pricer.price(Usage.of(gcp(256, null), 1999.9)).billedDurationMs()).isEqualTo(2000);
  }
}
