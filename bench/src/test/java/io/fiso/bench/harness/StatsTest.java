package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
    assertThat(Stats.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void aFigureWithoutRunsIsRefused() {
    assertThatThrownBy(() -> Stats.median(List.of())).hasMessageContaining("no samples");
  }

  @Test
  void percentilesComeFromTheHistogramInMilliseconds() {
    Histogram micros = Latencies.newHistogram();
    for (int ms = 1; ms <= 1000; ms++) {
      micros.recordValue(ms * 1000L);
    }
    Latencies l = Latencies.of(micros);
    assertThat(l.count()).isEqualTo(1000);
    assertThat(l.p50()).isBetween(499.0, 501.0);
    assertThat(l.p95()).isBetween(949.0, 951.0);
    assertThat(l.p99()).isBetween(989.0, 991.0);
    assertThat(l.p999()).isBetween(998.0, 1001.0);
    assertThat(l.max()).isBetween(999.0, 1001.0);
  }

  @Test
  void anEmptyHistogramHasNoPercentiles() {
    assertThatThrownBy(() -> Latencies.of(Latencies.newHistogram()))
        .hasMessageContaining("no latencies");
  }
}
