package io.fiso.pricing;

import static io.fiso.pricing.Targets.azure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.InvalidUsageException;
import io.fiso.pricing.billing.Units;
import io.fiso.pricing.billing.Usage;
import org.junit.jupiter.api.Test;

/** Worked Azure Functions Consumption examples, computed by hand. */
class AzureConsumptionPricingTest {
  private final Pricer pricer = new Pricer(PriceBook.bundled());

  @Test
  void azure_128mb_50ms_is_billed_the_100ms_minimum_and_costs_0_0000004() {
    // 0.125 GB × 0.1 s = 0.0125 GB-s × 0.000016 = 0.0000002; + 0.0000002 per execution.
    Charge charge = pricer.price(Usage.of(azure(128), 50));

    assertThat(charge.billedDurationMs()).isEqualTo(100);
    assertThat(charge.billedMemoryMb()).isEqualTo(128);
    assertThat(charge.line(Units.GB_SECONDS).pricingQuantity()).isEqualByComparingTo("0.0125");
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000004");
    assertThat(charge.estimated()).isTrue();
  }

  @Test
  void azure_200mb_250ms_bills_256mb_for_300ms_and_costs_0_0000014() {
    // 200 MB → 256 MB; 250 ms → 300 ms; 0.25 GB × 0.3 s = 0.075 GB-s × 0.000016 = 0.0000012.
    Charge charge = pricer.price(Usage.of(azure(200), 250));

    assertThat(charge.billedMemoryMb()).isEqualTo(256);
    assertThat(charge.billedDurationMs()).isEqualTo(300);
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000014");
  }

  @Test
  void azure_64mb_is_billed_the_128mb_minimum() {
    assertThat(pricer.price(Usage.of(azure(64), 100)).billedMemoryMb()).isEqualTo(128);
  }

  @Test
  void azure_2048mb_1s_is_capped_at_1536mb_and_costs_0_0000242() {
    // 1.5 GB × 1 s = 1.5 GB-s × 0.000016 = 0.000024; + 0.0000002.
    Charge charge = pricer.price(Usage.of(azure(2048), 1000));

    assertThat(charge.billedMemoryMb()).isEqualTo(1536);
    assertThat(charge.memoryMb()).isEqualTo(2048);
    assertThat(charge.listCost()).isEqualByComparingTo("0.0000242");
  }

  @Test
  void azure_exactly_100ms_stays_100ms_and_100_01ms_becomes_200ms() {
    assertThat(pricer.price(Usage.of(azure(128), 100.0)).billedDurationMs()).isEqualTo(100);
    assertThat(pricer.price(Usage.of(azure(128), 100.01)).billedDurationMs()).isEqualTo(200);
  }

  @Test
  void azure_usage_cannot_carry_a_reported_billed_duration() {
    assertThatThrownBy(
            () -> new Usage(Provider.AZURE, "eastus", Architecture.X86_64, 128, 5, 100L, null, 1))
        .isInstanceOf(InvalidUsageException.class)
        .hasMessageContaining("only by AWS");
  }
}
