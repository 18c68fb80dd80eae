package io.fiso.cli.costs;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.costs.replay.ReplaySummary;
import io.fiso.costs.report.CostReport;
import io.fiso.costs.report.Dimension;
import io.fiso.costs.report.ReportFormat;
import io.fiso.costs.report.ReportWriter;
import io.fiso.schemas.config.FisoSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso costs report}: totals, counts, mean and p95 duration, grouped. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Totals of the cost events in a time range, grouped: count, attempts that did not succeed,"
          + " cost (sum of FOCUS BilledCost, exact, USD), mean and p95 duration (p95 within 1%%).",
      "Reads fiso.costs from the offsets of --from up to its end when the report starts; the same"
          + " range gives the same report every time."
    },
    footer = {
      "",
      "Examples:",
      "  fiso costs report --from -24h",
      "  fiso costs report --from 2026-11-01 --to 2026-12-01 --group-by provider,function,label:team",
      "  fiso costs report --from -7d --group-by day,provider --format csv -o week.csv",
      "",
      "Exit codes: 0 done, 1 Kafka or the registry failed, 2 wrong usage."
    })
public final class CostsReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReplayOptions replay;

  @Option(
      names = "--group-by",
      paramLabel = "DIM[,DIM...]",
      defaultValue = "provider,function",
      description =
          "Group by provider, function, region, service, status, day, hour and/or label:KEY"
              + " (default: ${DEFAULT-VALUE}).")
  String groupBy;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout.")
  Path output;

  @Override
  public Integer call() {
    List<Dimension> dimensions;
    ReportFormat reportFormat;
    try {
      dimensions = Dimension.parseList(groupBy);
      reportFormat = ReportFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    FisoSettings settings = Fiso.root(spec).settings();
    CostReport.Builder builder = CostReport.builder(replay.from(), replay.to(), dimensions);
    ReplaySummary summary = replay.replay(settings, spec.commandLine().getErr(), builder);
    CostReport report = builder.build();
    Output.to(
        output,
        spec.commandLine().getOut(),
        out -> ReportWriter.write(report, summary, reportFormat, out));
    return ExitCodes.OK;
  }
}
