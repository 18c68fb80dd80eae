package io.fiso.cli.costs;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.costs.focus.FocusExporter;
import io.fiso.costs.replay.ReplaySummary;
import io.fiso.costs.report.Decimals;
import io.fiso.schemas.config.FisoSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso costs export --focus}: FOCUS 1.x CSV, one row per cost event (or per line). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export the cost events of a time range as FOCUS 1.x CSV (FinOps Open Cost and Usage"
          + " Specification): the released column names (BilledCost, EffectiveCost, ListCost,"
          + " ListUnitPrice, ContractedCost, ConsumedQuantity, ConsumedUnit, PricingQuantity,"
          + " PricingUnit, ChargePeriodStart, ChargePeriodEnd, ChargeCategory, ChargeClass,"
          + " ChargeDescription, BillingCurrency, ProviderName, PublisherName, InvoiceIssuerName,"
          + " ServiceName, ServiceCategory, RegionId, RegionName, ResourceId, ResourceName,"
          + " ResourceType, SkuId, SkuPriceId, Tags) then FISO's x_ columns; decimals exact.",
      "One row per cost event: its unit price and quantities are those of its compute line."
          + " --rows line writes one row per priced quantity instead (ListCost = ListUnitPrice ×"
          + " PricingQuantity on every row; the cost columns add up to the same totals)."
    },
    footer = {
      "",
      "Examples:",
      "  fiso costs export --focus --from 2026-11-01 --to 2026-12-01 -o costs.csv",
      "  fiso costs export --focus --from -24h --rows line > today.csv",
      "",
      "Exit codes: 0 done, 1 Kafka, the registry or the file failed, 2 wrong usage."
    })
public final class CostsExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReplayOptions replay;

  @Option(
      names = "--focus",
      description = "Write FOCUS 1.x columns (the only export format; required).")
  boolean focus;

  @Option(
      names = "--rows",
      paramLabel = "event|line",
      defaultValue = "event",
      description = "One row per cost event (default) or per cost line.")
  String rows;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout (written whole or not at all).")
  Path output;

  @Override
  public Integer call() {
    if (!focus) {
      throw new CliException(
          ExitCodes.USAGE, "Give --focus: FOCUS 1.x CSV is the export format", null);
    }
    FocusExporter.Rows mode;
    try {
      mode = FocusExporter.Rows.valueOf(rows.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException(
          ExitCodes.USAGE, "--rows must be event or line, not '" + rows + "'", e);
    }
    FisoSettings settings = Fiso.root(spec).settings();
    PrintWriter err = spec.commandLine().getErr();
    ReplaySummary[] summary = new ReplaySummary[1];
    FocusExporter[] written = new FocusExporter[1];
    Output.to(
        output,
        spec.commandLine().getOut(),
        out -> {
          FocusExporter exporter = new FocusExporter(out, mode);
          summary[0] = replay.replay(settings, err, exporter);
          exporter.flush();
          written[0] = exporter;
        });
    if (output != null) {
      err.printf(
          Locale.ROOT,
          "wrote %,d rows (%,d cost events, BilledCost %s USD) to %s%n",
          written[0].rows(),
          written[0].events(),
          Decimals.plain(written[0].billedTotal()),
          output);
      err.flush();
    }
    return ExitCodes.OK;
  }
}
