package io.fiso.cli.policy;

import io.fiso.avro.RoutingPolicy;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.kafka.CompactedTopic;
import io.fiso.schemas.config.FisoSettings;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fiso policy delete NAME}: writes the tombstone that deletes a policy. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete the policy of one function (a tombstone on fiso.policies). Its invocations then use"
          + " the default '*' policy, or are rejected (NoPolicy) when there is none."
    },
    footer = {
      "",
      "Examples:",
      "  fiso policy delete checkout",
      "  fiso policy delete '*'",
      "",
      "Exit codes: 0 deleted, 1 no such policy or failure."
    })
public final class PolicyDeleteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand PolicyCommand parent;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The function whose policy to delete, or '*' for the default policy.")
  String function;

  @Override
  public Integer call() {
    FisoSettings settings = Fiso.root(spec).settings();
    CompactedTopic<RoutingPolicy> topic =
        new CompactedTopic<>(settings, parent.catalog(settings).policies());
    Map<String, RoutingPolicy> policies = topic.read().records();
    RoutingPolicy current = policies.get(function);
    if (current == null) {
      throw new CliException(
          ExitCodes.FAILURE,
          PolicyGetCommand.notFound(function, topic.name(), policies.keySet())
              + "; nothing was deleted",
          null);
    }
    topic.delete(function);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Deleted the policy for %s (%s, version %d).%n",
        PolicyApplyCommand.quoted(function), current.getName(), current.getVersion());
    if ("*".equals(function)) {
      out.println(
          "Functions without a policy of their own are now rejected (NoPolicy) until a default"
              + " policy is applied again.");
    } else if (policies.containsKey("*")) {
      out.printf(
          "Invocations of %s now use the default policy '*' (%s).%n",
          function, policies.get("*").getName());
    } else {
      out.printf(
          "Invocations of %s are now rejected (NoPolicy): there is no default '*' policy.%n",
          function);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
