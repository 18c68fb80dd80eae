package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadResultTest {

  private static Runs.LoadResult result(double rate, long sent, long received, long outstanding) {
    return new Runs.LoadResult(
        rate,
        sent,
        received,
        new Latencies(1, 1, 1, 1, 1, 1),
        0,
        Map.of(),
        new CpuMeter.Usage(0.5, 0.5, 0, "0 0 0"),
        0,
        outstanding);
  }

  @Test
  void aSystemThatKeepsUpHasOnlyItsLatencysWorthOfRecordsOnTheirWay() {
    // 800/s for 10 s: 24 records in flight at 30 ms of latency
    assertThat(result(800, 8000, 8000, 24).keptUp(0.25)).isTrue();
    // up to a quarter second of the rate (200) is still keeping up
    assertThat(result(800, 8000, 8000, 200).keptUp(0.25)).isTrue();
  }

  @Test
  void aSystemFallingBehindAccumulatesItsShortfall() {
    // 5% short of 800/s over 10 s: 400 behind when the last one is sent
    assertThat(result(800, 8000, 8000, 400).keptUp(0.25)).isFalse();
  }

  @Test
  void recordsThatNeverCameBackMeanItDidNotKeepUp() {
    assertThat(result(800, 8000, 7990, 0).keptUp(0.25)).isFalse();
  }

  @Test
  void atLowRatesTenRecordsOnTheirWayAreAllowed() {
    assertThat(result(20, 200, 200, 10).keptUp(0.25)).isTrue();
    assertThat(result(20, 200, 200, 11).keptUp(0.25)).isFalse();
  }
}
