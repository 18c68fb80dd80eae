package io.fiso.cli.policy;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.kafka.CompactedTopic;
import io.fiso.schemas.config.FisoSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fiso policy list}: one line per policy on fiso.policies. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {"List the routing policies on fiso.policies, one line each."},
    footer = {"", "Example:", "  fiso policy list"})
public final class PolicyListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand PolicyCommand parent;

  @Override
  public Integer call() {
    FisoSettings settings = Fiso.root(spec).settings();
    CompactedTopic<RoutingPolicy> topic =
        new CompactedTopic<>(settings, parent.catalog(settings).policies());
    CompactedTopic.Snapshot<RoutingPolicy> snapshot = topic.read();
    PrintWriter out = spec.commandLine().getOut();
    if (snapshot.records().isEmpty()) {
      out.printf(
          "No policies on %s. Apply some with: fiso policy apply -f policies.yaml%n", topic.name());
    } else {
      out.print(table(snapshot.records().values()));
    }
    for (String problem : snapshot.unreadable()) {
      spec.commandLine()
          .getErr()
          .println("fiso: unreadable record on " + topic.name() + ": " + problem);
    }
    out.flush();
    spec.commandLine().getErr().flush();
    return ExitCodes.OK;
  }

  /** The policies as an aligned table. */
  static String table(Collection<RoutingPolicy> policies) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"FUNCTION", "NAME", "STRATEGY", "ACTIVE", "VERSION", "TARGETS", "UPDATED"});
    for (RoutingPolicy p : policies) {
      rows.add(
          new String[] {
            p.getFunction(),
            p.getName(),
            p.getStrategy().name(),
            p.getActive() ? "yes" : "no",
            Long.toString(p.getVersion()),
            p.getTargets().stream().map(PolicyListCommand::target).collect(Collectors.joining(",")),
            String.valueOf(p.getUpdatedAt())
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        text.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
      }
      text.append(System.lineSeparator());
    }
    return text.toString();
  }

  private static String target(FunctionTarget t) {
    return t.getProvider().name().toLowerCase(Locale.ROOT) + "/" + t.getRegion();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
