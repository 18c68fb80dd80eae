package io.fiso.pricing.monthly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.PriceSheet;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.Units;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonthlyCostTest {
  private static final PriceSheet AWS_X86 = PriceBook.bundled().get("AWS/*/X86_64").orElseThrow();

  @Test
  void aws_500k_gb_seconds_a_month_pay_for_100k_after_the_400k_grant_1_66667() {
    MonthlyComponentCost cost =
        MonthlyCost.component(
            PriceSheets.component(AWS_X86, Units.GB_SECONDS), new BigDecimal("500000"));

    assertThat(cost.freeQuantity()).isEqualByComparingTo("400000");
    assertThat(cost.billableQuantity()).isEqualByComparingTo("100000");
    assertThat(cost.cost()).isEqualByComparingTo("1.66667"); // 100,000 × 0.0000166667
  }

  @Test
  void aws_x86_20_billion_gb_seconds_span_three_tiers_and_cost_301660_53332() {
    // [0.4M, 6B) 5,999,600,000 × 0.0000166667 = 99,993.53332
    // [6B, 15B)  9,000,000,000 × 0.000015     = 135,000
    // [15B, 20B) 5,000,000,000 × 0.0000133334 = 66,667
    MonthlyComponentCost cost =
        MonthlyCost.component(
            PriceSheets.component(AWS_X86, Units.GB_SECONDS), new BigDecimal("20000000000"));

    assertThat(cost.tiers()).hasSize(3);
    assertThat(cost.tiers().get(0).cost()).isEqualByComparingTo("99993.53332");
    assertThat(cost.tiers().get(1).cost()).isEqualByComparingTo("135000");
    assertThat(cost.tiers().get(2).cost()).isEqualByComparingTo("66667");
    assertThat(cost.tiers().get(2).toQuantity()).isNull();
    assertThat(cost.cost()).isEqualByComparingTo("301660.53332");
  }

  @Test
  void a_month_within_the_free_grant_costs_nothing() {
    MonthlyBill bill =
        MonthlyCost.bill(
            AWS_X86,
            Map.of(
                Units.REQUESTS, new BigDecimal("1000000"),
                Units.GB_SECONDS, new BigDecimal("400000")));
    assertThat(bill.cost()).isEqualByComparingTo("0");
  }

  @Test
  void a_bill_sums_its_components_3m_requests_and_500k_gb_seconds_cost_2_06667() {
    // 2M billable requests × 0.0000002 = 0.4; 100,000 GB-s × 0.0000166667 = 1.66667
    MonthlyBill bill =
        MonthlyCost.bill(
            AWS_X86,
            Map.of(
                Units.REQUESTS, new BigDecimal("3000000"),
                Units.GB_SECONDS, new BigDecimal("500000")));
    assertThat(bill.sheetKey()).isEqualTo("AWS/*/X86_64");
    assertThat(bill.cost()).isEqualByComparingTo("2.06667");
  }

  @Test
  void a_unit_the_sheet_does_not_price_is_an_error() {
    assertThatThrownBy(() -> MonthlyCost.bill(AWS_X86, Map.of(Units.VCPU_SECONDS, BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vCPU-Seconds");
  }
}
