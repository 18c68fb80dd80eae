package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LambdaReportTest {

  private static final String COLD =
      "START RequestId: 6d1c Version: $LATEST\n"
          + "some log line mentioning Duration: 999 ms\n"
          + "END RequestId: 6d1c\n"
          + "REPORT RequestId: 6d1c\tDuration: 102.25 ms\tBilled Duration: 346 ms\tMemory Size: 512 MB\t"
          + "Max Memory Used: 87 MB\tInit Duration: 243.17 ms\t\n";

  @Test
  void readsEveryFigureOfAColdStartReport() {
    Metering m = LambdaReport.fromLog(COLD).orElseThrow();

    assertThat(m.durationMs()).isEqualTo(102.25);
    assertThat(m.billedDurationMs()).isEqualTo(346L);
    assertThat(m.memorySizeMb()).isEqualTo(512);
    assertThat(m.maxMemoryUsedMb()).isEqualTo(87);
    assertThat(m.initDurationMs()).isEqualTo(243.17);
    assertThat(m.reportedByProvider()).isTrue();
  }

  @Test
  void aWarmReportHasNoInitDuration() {
    String warm =
        "REPORT RequestId: x\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t";

    Metering m = LambdaReport.fromLog(warm).orElseThrow();

    assertThat(m.initDurationMs()).isNull();
    assertThat(m.durationMs()).isEqualTo(1.5);
    assertThat(m.billedDurationMs()).isEqualTo(2L);
  }

  @Test
  void decodesTheBase64LogTailOfTheInvokeResponse() {
    String header = Base64.getEncoder().encodeToString(COLD.getBytes(StandardCharsets.UTF_8));

    assertThat(LambdaReport.fromLogResult(header)).map(Metering::billedDurationMs).contains(346L);
  }

  @Test
  void noReportLineMeansNoMetering() {
    assertThat(LambdaReport.fromLog("START RequestId: a\nEND RequestId: a\n")).isEmpty();
    assertThat(LambdaReport.fromLogResult("not base64 !!")).isEmpty();
    assertThat(LambdaReport.fromLogResult(null)).isEmpty();
  }
}
