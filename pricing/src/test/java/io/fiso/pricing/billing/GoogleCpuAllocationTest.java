package io.fiso.pricing.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoogleCpuAllocationTest {

  @ParameterizedTest(name = "{0} MiB -> {1} vCPU")
  @CsvSource({
    "128, 0.083",
    "256, 0.167",
    "512, 0.333",
    "1024, 0.583",
    "2048, 1",
    "4096, 2",
    "8192, 2",
    "16384, 4",
    "32768, 8",
    "100, 0.083",
    "129, 0.167",
    "768, 0.583",
    "3000, 2"
  })
  void default_vcpu_follows_googles_table_taking_the_next_row_up(int memoryMb, String vcpu) {
    assertThat(GoogleCpuAllocation.defaultVcpu(memoryMb)).isEqualByComparingTo(vcpu);
  }

  @Test
  void memory_above_the_table_needs_an_explicit_vcpu() {
    assertThatThrownBy(() -> GoogleCpuAllocation.defaultVcpu(32769))
        .isInstanceOf(InvalidUsageException.class)
        .hasMessageContaining("32768");
  }
}
