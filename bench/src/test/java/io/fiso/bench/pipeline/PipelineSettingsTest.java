package io.fiso.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Provider;
import io.fiso.bench.harness.Machine;
import io.fiso.bench.harness.Report;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a pipeline report says about its maximum rate. {@code PipelineBenchmark.settings} is private
 * (and pipeline/ is not this test's to change), so it is reached by reflection; running the
 * benchmark itself needs a broker and minutes of CPU.
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
        assumedMax);
  }

  private static Map<String, String> settings(PipelineBenchmark.Options o) throws Exception {
    Machine m = new Machine(2, 8L << 30, "Linux", "Test CPU", "jvm", "", 1L << 30);
    Report report = new Report(PipelineBenchmark.NAME, "Pipeline", Instant.EPOCH, m);
    Method settings =
        PipelineBenchmark.class.getDeclaredMethod(
            "settings", Report.class, PipelineBenchmark.Options.class);
    settings.setAccessible(true);
    settings.invoke(null, report, o);
    return report.settings();
  }

  @Test
  void anAssumedMaximumIsWhatTheReportSaysNotAMeasurement() throws Exception {
    Map<String, String> s = settings(options(1500));
    assertThat(s.get(PipelineBenchmark.THROUGHPUT))
        .startsWith("not measured: taken as 1500 invocations/s")
        .contains("--assume-max")
        .doesNotContain("drain");
    assertThat(s.get("latency")).contains("--assume-max");
  }

  @Test
  void withoutItTheReportDescribesTheMeasurement() throws Exception {
    assertThat(settings(options(0)).get(PipelineBenchmark.THROUGHPUT))
        .startsWith("drain of a 8000-invocation backlog")
        .doesNotContain("--assume-max");
  }
}
