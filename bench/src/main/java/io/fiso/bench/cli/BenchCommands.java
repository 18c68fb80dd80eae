package io.fiso.bench.cli;

import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Figure;
import io.fiso.bench.harness.Ratio;
import io.fiso.bench.harness.Report;
import io.fiso.bench.harness.ReportWriter;
import java.io.PrintWriter;
import java.util.Locale;

/** What every benchmark command does around its measurement: cluster, report, summary. */
final class BenchCommands {

  private BenchCommands() {}

  /** A benchmark body: runs against the cluster and returns its report. */
  interface Body {
    Report run(BenchCluster cluster) throws Exception;
  }

  /** A benchmark body that needs no cluster of its own (it starts what it measures). */
  interface StandaloneBody {
    Report run() throws Exception;
  }

  static int execute(CommonOptions common, PrintWriter out, Body body) throws Exception {
    try (BenchCluster cluster =
        BenchCluster.start(
            common.bootstrapServers(), common.schemaRegistryUrl(), common.clientProperties())) {
      return written(body.run(cluster), common, out);
    }
  }

  static int executeStandalone(RunOptions options, PrintWriter out, StandaloneBody body)
      throws Exception {
    return written(body.run(), options, out);
  }

  private static int written(Report report, RunOptions options, PrintWriter out) {
    ReportWriter.Written files =
        ReportWriter.write(report, options.reportDir(), options.reportName());
    summary(report, out);
    out.println();
    out.println("Report: " + files.markdown());
    out.println("CSV:    " + files.csv());
    out.flush();
    return 0;
  }

  static void summary(Report report, PrintWriter out) {
    out.println(report.title());
    for (String note : report.notes()) {
      out.println("NOTE: " + note);
    }
    for (Figure f : report.figures()) {
      out.printf(
          Locale.ROOT,
          "  %-46s %-32s %14s %s%n",
          f.scenario(),
          f.metric(),
          ReportWriter.format(f.median(), f.unit()),
          f.unit());
    }
    for (Ratio r : report.ratios()) {
      out.printf(
          Locale.ROOT,
          "  %-80s %5.2f%s%n",
          r.name(),
          r.value(),
          r.hasGoal()
              ? String.format(
                  Locale.ROOT, "  (goal ≥ %.2f: %s)", r.goal(), r.met() ? "met" : "NOT met")
              : "");
    }
  }
}
