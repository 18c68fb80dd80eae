package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitMeterTest {

  @Test
  void theRateIsCompileMillisPerWallSecond() {
    var from = new JitMeter.Snapshot(0, 10_000);
    var to = new JitMeter.Snapshot(4_000_000_000L, 12_000);
    assertThat(JitMeter.compileMillisPerSecond(from, to)).isEqualTo(500.0);
  }

  @Test
  void anUnknownCompileTimeOrNoElapsedTimeGivesMinusOne() {
    var known = new JitMeter.Snapshot(0, 100);
    assertThat(JitMeter.compileMillisPerSecond(new JitMeter.Snapshot(0, -1), known)).isEqualTo(-1);
    assertThat(JitMeter.compileMillisPerSecond(known, known)).isEqualTo(-1);
  }

  @Test
  void thisJvmReportsItsCompilationAndItOnlyGrows() {
    var first = JitMeter.read();
    var second = JitMeter.read();
    assertThat(first.compileMillis()).isGreaterThanOrEqualTo(0); // HotSpot supports it
    assertThat(second.compileMillis()).isGreaterThanOrEqualTo(first.compileMillis());
  }
}
