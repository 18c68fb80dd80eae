package io.fiso.pricing.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void a_negative_or_non_finite_duration_is_rejected() {
    assertThatThrownBy(() -> usage(-1, null)).isInstanceOf(InvalidUsageException.class);
    assertThatThrownBy(() -> usage(Double.NaN, null))
        .isInstanceOf(InvalidUsageException.class)
        .hasMessageContaining("durationMs");
    assertThatThrownBy(() -> usage(Double.POSITIVE_INFINITY, null))
        .isInstanceOf(InvalidUsageException.class);
  }

  @Test
  void a_vcpu_with_more_than_3_decimals_is_rejected() {
    assertThatThrownBy(() -> usage(1, new BigDecimal("0.0833")))
        .isInstanceOf(InvalidUsageException.class)
        .hasMessageContaining("decimal(9,3)");
    assertThat(usage(1, new BigDecimal("0.0830")).vcpu()).isEqualByComparingTo("0.083");
  }

  @Test
  void zero_requests_are_rejected() {
    assertThatThrownBy(() -> usage(1, null).withRequests(0))
        .isInstanceOf(InvalidUsageException.class);
  }

  private static Usage usage(double durationMs, BigDecimal vcpu) {
    return new Usage(
        Provider.GCP, "us-central1", Architecture.X86_64, 256, durationMs, null, vcpu, 1);
  }
}
