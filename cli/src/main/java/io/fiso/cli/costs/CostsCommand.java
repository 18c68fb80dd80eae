package io.fiso.cli.costs;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fiso costs}: reports, FOCUS export and what-if from the cost topic. */
@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = {
      "Analyse what invocations cost, replaying the cost topic (fiso.costs) itself from a point in"
          + " time: reports, a FOCUS 1.x export and what-if re-pricing under another policy.",
      "",
      "Times: ISO-8601 instants (2026-11-01T00:00:00Z), UTC dates (2026-11-01), or relative to now"
          + " (-1h, -7d). Money is printed as exact decimals (USD)."
    },
    subcommands = {
      CostsReportCommand.class,
      CostsExportCommand.class,
      CostsWhatIfCommand.class,
    },
    footer = {
      "",
      "Examples:",
      "  fiso costs report --from -7d --group-by provider,function",
      "  fiso costs export --focus --from 2026-11-01 --to 2026-12-01 -o costs.csv",
      "  fiso costs what-if --policy candidate.yaml --from -30d"
    })
public final class CostsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
