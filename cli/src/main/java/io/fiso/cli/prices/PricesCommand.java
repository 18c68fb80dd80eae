package io.fiso.cli.prices;

import io.fiso.avro.PriceSheet;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.kafka.CompactedTopic;
import io.fiso.pricing.catalog.CatalogException;
import io.fiso.pricing.catalog.PriceCatalog;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code fiso prices ...}: the price sheets on the compacted topic fiso.prices. */
@Command(
    name = "prices",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the price sheets the router, workers and cost-ingestor price invocations with: one"
          + " per provider/region/architecture on the compacted topic fiso.prices; the newest"
          + " version wins. File format: the bundled catalog (pricing/PRICING.md)."
    },
    footer = {
      "",
      "Examples:",
      "  fiso prices list",
      "  fiso prices seed                          (publish the bundled catalog where missing)",
      "  fiso prices apply -f prices.yaml --dry-run",
      "  fiso prices apply -f prices.yaml"
    },
    subcommands = {
      PricesCommand.ListSheets.class,
      PricesCommand.ApplyFile.class,
      PricesCommand.SeedBundled.class,
      HelpCommand.class
    })
public final class PricesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      scope = ScopeType.INHERIT,
      description =
          "Prefix of every topic name (setting topic.prefix, env FISO_TOPIC_PREFIX; default"
              + " none).")
  String topicPrefix;

  CompactedTopic<PriceSheet> topic(FisoSettings settings) {
    String prefix =
        topicPrefix != null ? topicPrefix : settings.string(TopicCatalog.PREFIX_SETTING, "");
    TopicCatalog catalog = TopicCatalog.prefixed(prefix);
    return new CompactedTopic<>(settings, catalog.prices());
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Publishes sheets by the newest-wins rule and prints what it did. */
  static int publish(
      CommandSpec spec, CompactedTopic<PriceSheet> topic, List<PriceSheet> sheets, boolean dryRun) {
    PrintWriter out = spec.commandLine().getOut();
    PricePlan plan = PricePlan.of(sheets, topic.read().records());
    plan.toWrite()
        .keySet()
        .forEach(key -> out.println("  " + (dryRun ? "would write " : "write ") + key));
    plan.skipped().forEach(reason -> out.println("  skip " + reason));
    if (dryRun) {
      out.printf("Dry run: nothing was written to %s.%n", topic.name());
    } else if (plan.toWrite().isEmpty()) {
      out.printf("Nothing to publish: %s is up to date.%n", topic.name());
    } else {
      topic.write(plan.toWrite());
      out.printf("Published %d price sheets to %s.%n", plan.toWrite().size(), topic.name());
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** {@code fiso prices list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"List the price sheets on fiso.prices, one line each."},
      footer = {"", "Example:", "  fiso prices list"})
  static final class ListSheets implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PricesCommand parent;

    @Override
    public Integer call() {
      FisoSettings settings = Fiso.root(spec).settings();
      CompactedTopic<PriceSheet> topic = parent.topic(settings);
      CompactedTopic.Snapshot<PriceSheet> snapshot = topic.read();
      PrintWriter out = spec.commandLine().getOut();
      if (snapshot.records().isEmpty()) {
        out.printf(
            "No price sheets on %s. Publish the bundled ones with: fiso prices seed%n",
            topic.name());
      } else {
        out.printf(
            "%-28s %-30s %-12s %-10s %s%n", "KEY", "SERVICE", "VERSION", "READ ON", "SOURCE");
        snapshot
            .records()
            .forEach(
                (key, sheet) ->
                    out.printf(
                        "%-28s %-30s %-12d %-10s %s%n",
                        key,
                        sheet.getService(),
                        sheet.getVersion(),
                        sheet.getSourceDate(),
                        sheet.getSource()));
      }
      snapshot
          .unreadable()
          .forEach(p -> spec.commandLine().getErr().println("fiso: unreadable record: " + p));
      out.flush();
      spec.commandLine().getErr().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code fiso prices apply -f FILE}. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a price file (the bundled catalog's format: plans with components, tiers, free"
            + " grants, source and date) and publish each sheet whose version is newer than what"
            + " fiso.prices holds. Nothing is written when the file is invalid."
      },
      footer = {"", "Example:", "  fiso prices apply -f prices.yaml"})
  static final class ApplyFile implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PricesCommand parent;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "Price file (YAML or JSON).")
    Path file;

    @Option(names = "--dry-run", description = "Show what would be written; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      List<PriceSheet> sheets;
      try {
        sheets = PriceCatalog.load(file).sheets();
      } catch (CatalogException e) {
        throw new CliException(ExitCodes.USAGE, e.getMessage() + "; nothing was published", e);
      }
      FisoSettings settings = Fiso.root(spec).settings();
      return publish(spec, parent.topic(settings), sheets, dryRun);
    }
  }

  /** {@code fiso prices seed}. */
  @Command(
      name = "seed",
      mixinStandardHelpOptions = true,
      description = {
        "Publish the price catalog bundled with this FISO build to fiso.prices, for every sheet"
            + " that is missing there or older. Safe to run at every start."
      },
      footer = {"", "Example:", "  fiso prices seed"})
  static final class SeedBundled implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand PricesCommand parent;

    @Option(names = "--dry-run", description = "Show what would be written; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      FisoSettings settings = Fiso.root(spec).settings();
      return publish(spec, parent.topic(settings), PriceCatalog.bundled().sheets(), dryRun);
    }
  }
}
