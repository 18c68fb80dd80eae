package io.fiso.cli.policy;

import io.fiso.avro.RoutingPolicy;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.kafka.CompactedTopic;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.policy.PolicyDocuments;
import io.fiso.schemas.policy.PolicyProblem;
import io.fiso.schemas.policy.PolicyValidationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fiso policy apply -f FILE}: validate every policy, then write them in one go. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Validate every policy in the files (YAML or JSON, format in docs/policies.md, including the"
          + " seed's name/default_provider/default_arn row) and, only if all are valid, write them"
          + " to fiso.policies in one transaction. A new policy gets version 1, a changed one its"
          + " current version + 1 and updatedAt = now; a policy whose content is unchanged is not"
          + " written again."
    },
    footer = {
      "",
      "Examples:",
      "  fiso policy apply -f policies.yaml --dry-run",
      "  fiso policy apply -f policies.yaml -f seed.yaml",
      "",
      "Exit codes: 0 applied (or valid, with --dry-run), 1 failure (e.g. Kafka unreachable),"
          + " 2 invalid policies (each problem is printed; nothing is written)."
    })
public final class PolicyApplyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand PolicyCommand parent;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      required = true,
      description = "A policy file (YAML or JSON). Repeatable: all files are validated together.")
  List<Path> files;

  @Option(
      names = "--dry-run",
      description = "Validate and show what would change, without writing anything.")
  boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<RoutingPolicy> parsed;
    try {
      parsed = PolicyDocuments.readAll(files);
    } catch (PolicyValidationException e) {
      err.printf(
          "fiso: %d %s; nothing was written:%n",
          e.problems().size(), e.problems().size() == 1 ? "problem" : "problems");
      for (PolicyProblem problem : e.problems()) {
        err.println("  " + problem);
      }
      err.flush();
      return ExitCodes.USAGE;
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.USAGE, "No such file: " + e.getFile(), e);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "Cannot read " + e.getMessage(), e);
    }
    out.printf(
        "%d %s valid in %s%n",
        parsed.size(),
        parsed.size() == 1 ? "policy" : "policies",
        String.join(", ", files.stream().map(Path::toString).toList()));

    FisoSettings settings = Fiso.root(spec).settings();
    CompactedTopic<RoutingPolicy> topic =
        new CompactedTopic<>(settings, parent.catalog(settings).policies());
    CompactedTopic.Snapshot<RoutingPolicy> current = topic.read();
    PolicyPlan plan = PolicyPlan.of(parsed, current.records(), Instant.now());
    for (PolicyPlan.Change change : plan.changes()) {
      out.println("  " + describe(change, dryRun));
    }
    List<RoutingPolicy> toWrite = plan.toWrite();
    if (dryRun) {
      out.printf("Dry run: nothing was written to %s.%n", topic.name());
    } else if (toWrite.isEmpty()) {
      out.printf("Nothing to apply: %s already holds these policies.%n", topic.name());
    } else {
      Map<String, RoutingPolicy> byFunction = new LinkedHashMap<>();
      toWrite.forEach(policy -> byFunction.put(policy.getFunction(), policy));
      topic.write(byFunction);
      out.printf(
          "Applied %d %s to %s.%n",
          toWrite.size(), toWrite.size() == 1 ? "policy" : "policies", topic.name());
    }
    out.flush();
    return ExitCodes.OK;
  }

  static String describe(PolicyPlan.Change change, boolean dryRun) {
    RoutingPolicy next = change.next();
    String what =
        String.format(
            Locale.ROOT,
            "%s (%s, %s, %d %s%s)",
            quoted(next.getFunction()),
            next.getName(),
            next.getStrategy(),
            next.getTargets().size(),
            next.getTargets().size() == 1 ? "target" : "targets",
            next.getActive() ? "" : ", INACTIVE");
    return switch (change.kind()) {
      case CREATE -> (dryRun ? "would create " : "create    ") + what + " version 1";
      case UPDATE ->
          (dryRun ? "would update " : "update    ")
              + what
              + " version "
              + change.current().getVersion()
              + " -> "
              + next.getVersion();
      case UNCHANGED -> "unchanged " + what + " version " + next.getVersion();
    };
  }

  static String quoted(String function) {
    return "*".equals(function) ? "'*'" : function;
  }
}
