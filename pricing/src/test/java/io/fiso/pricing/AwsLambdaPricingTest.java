package io.fiso.pricing;

import static io.fiso.pricing.Targets.aws;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.InvalidUsageException;
import io.fiso.pricing.billing.Units;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Worked AWS Lambda examples, computed by hand from the bundled catalog's us-east-1 prices. */
class AwsLambdaPricingTest {
  private final Pricer pricer = new Pricer(PriceBook.bundled());

  @Test
  void aws_x86_128mb_0_4ms_bills_1ms_and_costs_0_0000002020833375() {
    // 0.4 ms rounds up to 1 ms; 128/1024 GB × 0.001 s = 0.000125 GB-s × 0.0000166667
    // = 0.0000000020833375; plus one request at 0.0000002.
    Charge charge = pricer.price(Usage.of(aws(128, Architecture.X86_64), 0.4));

    assertThat(charge.billedDurationMs()).isEqualTo(1);
    assertThat(charge.line(Units.GB_SECONDS).pricingQuantity()).isEqualByComparingTo("0.000125");
    assertThat(charge.line(Units.GB_SECONDS).cost()).isEqualByComparingTo("0.0000000020833375");
    assertThat(charge.line(Units.REQUESTS).cost()).isEqualByComparingTo("0.0000002");
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000002020833375");
    assertThat(charge.billedCost()).isEqualByComparingTo(charge.listCost());
    assertThat(charge.effectiveCost()).isEqualByComparingTo(charge.listCost());
    assertThat(charge.estimated()).isTrue();
  }

  @Test
  void aws_x86_129mb_1ms_costs_23_decimals_exactly() {
    // 129/1024 = 0.1259765625 GB; × 0.001 s = 0.0001259765625 GB-s;
    // × 0.0000166667 = 0.00000000209961357421875 (23 decimals).
    Charge charge = pricer.price(Usage.of(aws(129, Architecture.X86_64), 1.0));

    assertThat(charge.line(Units.GB_SECONDS).pricingQuantity())
        .isEqualByComparingTo("0.0001259765625");
    assertThat(charge.line(Units.GB_SECONDS).cost())
        .isEqualByComparingTo("0.00000000209961357421875");
    assertThat(charge.listCost()).isEqualByComparingTo("0.00000020209961357421875");
    assertThat(charge.listCost().stripTrailingZeros().scale()).isEqualTo(23);
  }

  @Test
  void aws_x86_128mb_100_2ms_rounds_up_to_101ms_and_costs_0_0000004104170875() {
    // 0.125 GB × 0.101 s = 0.012625 GB-s × 0.0000166667 = 0.0000002104170875; + 0.0000002.
    Charge charge = pricer.price(Usage.of(aws(128, Architecture.X86_64), 100.2));

    assertThat(charge.billedDurationMs()).isEqualTo(101);
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000004104170875");
  }

  @Test
  void aws_arm64_1024mb_100ms_costs_0_00000153334_at_the_arm_rate() {
    // 1 GB × 0.1 s = 0.1 GB-s × 0.0000133334 = 0.00000133334; + 0.0000002.
    Charge charge = pricer.price(Usage.of(aws(1024, Architecture.ARM64), 100.0));

    assertThat(charge.line(Units.GB_SECONDS).listUnitPrice()).isEqualByComparingTo("0.0000133334");
    assertThat(charge.line(Units.GB_SECONDS).skuPriceId()).isEqualTo("aws-lambda-arm-gb-second");
    assertThat(charge.listCost()).isEqualByComparingTo("0.00000153334");
  }

  @Test
  void aws_report_line_billed_duration_13ms_is_used_as_is_and_the_charge_is_exact() {
    // REPORT Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 128 MB
    // 0.125 GB × 0.013 s = 0.001625 GB-s × 0.0000166667 = 0.0000000270833875; + 0.0000002.
    Charge charge = pricer.price(Usage.reportedByAws(aws(128, Architecture.X86_64), 12.34, 13));

    assertThat(charge.estimated()).isFalse();
    assertThat(charge.billedDurationMs()).isEqualTo(13);
    assertThat(charge.line(Units.GB_SECONDS).consumedQuantity())
        .isEqualByComparingTo("0.0015425"); // 0.125 × 0.01234
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000002270833875");
    assertThat(charge.priceSheetVersion()).isEqualTo(2026110100L);
  }

  @Test
  void aws_memory_outside_128_to_10240mb_is_rejected_not_priced() {
    assertThatThrownBy(() -> pricer.price(Usage.of(aws(64, Architecture.X86_64), 10)))
        .isInstanceOf(InvalidUsageException.class)
        .hasMessageContaining("memoryMb 64")
        .hasMessageContaining("AWS/us-east-1/X86_64");
    assertThatThrownBy(() -> pricer.price(Usage.of(aws(10241, Architecture.X86_64), 10)))
        .isInstanceOf(InvalidUsageException.class);
  }

  @Test
  void aws_two_requests_cost_twice_one() {
    Usage one = Usage.of(aws(512, Architecture.X86_64), 33.3);
    assertThat(pricer.price(one.withRequests(2)).listCost())
        .isEqualByComparingTo(pricer.price(one).listCost().multiply(BigDecimal.valueOf(2)));
  }
}
