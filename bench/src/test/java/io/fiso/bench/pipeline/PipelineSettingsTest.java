package io.fiso.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Provider;
import io.fiso.bench.harness.Machine;
import io.fiso.bench.harness.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a pipeline report says about its maximum rate, from the settings it writes (running the
 * benchmark itself needs a broker and minutes of CPU).
 */
class PipelineSettingsTest {

  private static PipelineBenchmark.Options options(double assumedMax) {
    return new PipelineBenchmark.Options(
        List.of(0.25, 0.5, 0.75),
        List.of(0.5),
        List.of(Provider.AWS, Provider.AZURE, Provider.GCP),
        64,
        3,
        8000,
        1000,
        Duration.ofSeconds(2),
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        6,
        300,
        Duration.ofMinutes(2),
        assumedMax,
        Duration.ofSeconds(120),
        150,
        null);
  }

  private static Map<String, String> settings(PipelineBenchmark.Options o) {
    Machine m = new Machine(2, 8L << 30, "Linux", "Test CPU", "jvm", "", 1L << 30, 2);
    Report report = new Report(PipelineBenchmark.NAME, "Pipeline", Instant.EPOCH, m);
    PipelineBenchmark.settings(report, o);
    return report.settings();
  }

  @Test
  void anAssumedMaximumIsWhatTheReportSaysNotAMeasurement() {
    Map<String, String> s = settings(options(1500));
    assertThat(s.get(PipelineBenchmark.THROUGHPUT))
        .startsWith("not measured: taken as 1500 invocations/s")
        .contains("--assume-max")
        .doesNotContain("drain");
    assertThat(s.get("latency")).contains("--assume-max");
  }

  @Test
  void withoutItTheReportDescribesTheMeasurement() {
    assertThat(settings(options(0)).get(PipelineBenchmark.THROUGHPUT))
        .startsWith("drain of a 8000-invocation backlog")
        .doesNotContain("--assume-max");
  }

  @Test
  void theSearchStepsDownUntilAProbeKeepsUpThenHalvesTheInterval() {
    // nothing kept up yet: 70% of the lowest rate that fell behind
    assertThat(PipelineBenchmark.nextProbe(0, 1000)).isEqualTo(700.0);
    // 700 kept up, 1000 did not: the middle
    assertThat(PipelineBenchmark.nextProbe(700, 1000)).isEqualTo(850.0);
    // 850 fell behind: between 700 and 850
    assertThat(PipelineBenchmark.nextProbe(700, 850)).isEqualTo(775.0);
  }
}
