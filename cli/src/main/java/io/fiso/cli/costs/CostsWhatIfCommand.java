package io.fiso.cli.costs;

import io.fiso.avro.PriceSheet;
import io.fiso.avro.RoutingPolicy;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.costs.replay.PriceSheetsTopic;
import io.fiso.costs.report.ReportFormat;
import io.fiso.costs.whatif.WhatIf;
import io.fiso.costs.whatif.WhatIfWriter;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.Pricer;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.policy.PolicyDocuments;
import io.fiso.schemas.policy.PolicyValidationException;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso costs what-if}: what a candidate policy would have cost. */
@Command(
    name = "what-if",
    mixinStandardHelpOptions = true,
    description = {
      "Re-price the attempts of a time range as a candidate policy file would have routed them:"
          + " per function, the current cost against the candidate's, the saving, and measured"
          + " against predicted p95 latency.",
      "A cost on another target is the counterfactual the worker recorded, or the pricing"
          + " module's price of the same measured run there (prices: the bundled catalog and"
          + " fiso.prices). Functions the file does not name (and no '*' policy covers) are"
          + " unchanged."
    },
    footer = {
      "",
      "Examples:",
      "  fiso costs what-if --policy candidate.yaml --from -30d",
      "  fiso costs what-if --policy cheaper.yaml --from 2026-11-01 --to 2026-12-01 --format json",
      "",
      "Exit codes: 0 done, 1 Kafka or the registry failed, 2 wrong usage or an invalid policy file."
    })
public final class CostsWhatIfCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ReplayOptions replay;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "The candidate policy file (YAML or JSON, as fiso policy apply takes).")
  Path policy;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() {
    ReportFormat outputFormat;
    try {
      outputFormat = ReportFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    List<RoutingPolicy> candidates = readPolicies();
    FisoSettings settings = Fiso.root(spec).settings();
    TopicCatalog topics = replay.catalog(settings);
    PriceBook prices =
        PriceSheetsTopic.read(
            settings.kafkaClientProperties(),
            topics.prices().name(),
            new AvroDeserializer<>(ReplayOptions.registry(settings), PriceSheet.class),
            PriceBook.bundled());
    WhatIf whatIf = new WhatIf(candidates, new Pricer(prices));
    replay.replay(settings, spec.commandLine().getErr(), whatIf.collector());
    WhatIfWriter.write(
        whatIf.result(), replay.from(), replay.to(), outputFormat, spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  private List<RoutingPolicy> readPolicies() {
    try {
      return PolicyDocuments.read(policy);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.USAGE, "--policy " + policy + ": no such file", e);
    } catch (PolicyValidationException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILURE, "Could not read " + policy + ": " + e.getMessage(), e);
    }
  }
}
