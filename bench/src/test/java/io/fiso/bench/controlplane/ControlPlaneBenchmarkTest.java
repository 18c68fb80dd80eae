package io.fiso.bench.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fiso.avro.Provider;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Latencies;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneBenchmarkTest {

  @Test
  void eachLoadIsItsFractionOfTheMaximum() {
    assertThat(ControlPlaneBenchmark.rates(800, List.of(0.25, 0.5, 0.75)))
        .containsExactly(200.0, 400.0, 600.0);
  }

  @Test
  void noMaximumMeansNoLoadToRunAt() {
    assertThatThrownBy(() -> ControlPlaneBenchmark.rates(0, List.of(0.5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maximum sync rate");
  }

  @Test
  void theControlPlaneAddsThePercentileDifferences() {
    Latencies via = new Latencies(100, 12, 30, 45, 60, 80);
    Latencies direct = new Latencies(100, 10, 25, 40, 70, 75);
    List<Double> added = ControlPlaneBenchmark.added(via, direct);
    assertThat(added).hasSize(Latencies.LABELS.size());
    assertThat(added.get(0)).isCloseTo(2.0, within(1e-9));
    assertThat(added.get(2)).isCloseTo(5.0, within(1e-9));
    assertThat(added.get(3)).isCloseTo(-10.0, within(1e-9));
  }

  @Test
  void moreClientsThanTheControlPlaneLetsWaitAreRefusedWithTheLimit() {
    assertThat(ControlPlaneBenchmark.maxConcurrentSync(64)).isEqualTo(60);
    assertThatThrownBy(() -> options(61, 64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--clients is 61")
        .hasMessageContaining("1 to 60");
    assertThat(options(60, 64).clients()).isEqualTo(60);
    assertThat(options(100, 128).clients()).isEqualTo(100);
  }

  private static ControlPlaneBenchmark.Options options(int clients, int httpThreads) {
    Duration s = Duration.ofSeconds(1);
    return new ControlPlaneBenchmark.Options(
        List.of(0.5),
        Guarantee.ALOS,
        List.of(Provider.AWS),
        16,
        clients,
        httpThreads,
        1,
        s,
        s,
        100,
        10,
        s,
        Duration.ofMillis(100),
        s,
        s,
        6,
        Duration.ofSeconds(30));
  }
}
