package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private static Report report() {
    Machine m =
        new Machine(2, 8L << 30, "Linux 6.1 (amd64)", "Test CPU @ 2.0GHz", "jvm", "", 1L << 30, 2);
    Report r = new Report("router", "Router throughput", Instant.parse("2026-11-26T10:00:00Z"), m);
    r.setting("policies", "1, 100");
    Figure plain =
        new Figure("plain, ALOS", "throughput", "records/s", List.of(900.0, 1100.0, 1000.0));
    Figure router =
        new Figure("router, ALOS", "throughput", "records/s", List.of(850.0, 700.0, 800.0));
    r.figure(plain).figure(router);
    r.figure(new Figure("router, ALOS", "latency p99", "ms", List.of(4.25, 5.5, 6.0)));
    r.ratio(Ratio.of("router / plain, ALOS", router, plain, 0.8));
    r.note("Taken on a shared machine.");
    return r;
  }

  @Test
  void writesTheDatedMarkdownAndCsvFiles(@TempDir Path dir) throws Exception {
    ReportWriter.Written w = ReportWriter.write(report(), dir);
    assertThat(w.markdown()).isEqualTo(dir.resolve("2026-11-26-router.md"));
    assertThat(w.csv()).isEqualTo(dir.resolve("2026-11-26-router.csv"));
    assertThat(Files.readString(w.markdown())).startsWith("# Router throughput");
    assertThat(Files.readAllLines(w.csv()).get(0)).isEqualTo(ReportWriter.CSV_HEADER);
  }

  @Test
  void markdownGivesTheMedianAndSpreadOfEachFigureAndWhetherGoalsAreMet() {
    String md = ReportWriter.markdown(report());
    assertThat(md).contains("| plain, ALOS | throughput | 1,000 | 900 | 1,100 | records/s | 3 |");
    assertThat(md).contains("| router, ALOS | latency p99 | 5.500 | 4.250 | 6.000 | ms | 3 |");
    assertThat(md).contains("| router / plain, ALOS | 0.80 | ≥ 0.80 | yes |");
    assertThat(md).contains("| cpu | Test CPU @ 2.0GHz |");
    assertThat(md).contains("> Taken on a shared machine.");
  }

  @Test
  void csvQuotesCellsWithCommasAndKeepsEveryRun() {
    String csv = ReportWriter.csv(report());
    assertThat(csv).contains("setting,,policies,\"1, 100\",,,,,");
    assertThat(csv)
        .contains("figure,\"plain, ALOS\",throughput,1000,records/s,900,1100,3,900;1100;1000");
    assertThat(csv).contains("ratio,,\"router / plain, ALOS\",0.8000,,0.8000,,,met");
    assertThat(ReportWriter.csvCell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(ReportWriter.csvCell("plain")).isEqualTo("plain");
    assertThat(ReportWriter.csvCell("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
  }
}
