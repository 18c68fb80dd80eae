package io.fiso.cli.policy;

import io.fiso.avro.RoutingPolicy;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.kafka.CompactedTopic;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.policy.PolicyRenderer;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fiso policy get NAME}: one policy, in the file format (can be edited and applied). */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Print the policy of one function in the policy file format (YAML, or JSON with -o json),"
          + " with its version and updatedAt. The output can be edited and applied again."
    },
    footer = {
      "",
      "Examples:",
      "  fiso policy get checkout",
      "  fiso policy get '*'            (the default policy; quote * for the shell)",
      "  fiso policy get checkout -o json > checkout.json",
      "",
      "Exit codes: 0 found, 1 no such policy or failure."
    })
public final class PolicyGetCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format {
    yaml,
    json
  }

  @Spec CommandSpec spec;

  @ParentCommand PolicyCommand parent;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The function whose policy to print, or '*' for the default policy.")
  String function;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "yaml (default) or json.")
  Format format = Format.yaml;

  @Override
  public Integer call() {
    FisoSettings settings = Fiso.root(spec).settings();
    CompactedTopic<RoutingPolicy> topic =
        new CompactedTopic<>(settings, parent.catalog(settings).policies());
    Map<String, RoutingPolicy> policies = topic.read().records();
    RoutingPolicy policy = policies.get(function);
    if (policy == null) {
      throw new CliException(
          ExitCodes.FAILURE, notFound(function, topic.name(), policies.keySet()), null);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(
        format == Format.json
            ? PolicyRenderer.toJson(policy) + "\n"
            : PolicyRenderer.toYaml(policy));
    out.flush();
    return ExitCodes.OK;
  }

  static String notFound(String function, String topic, java.util.Set<String> existing) {
    return "No policy for "
        + PolicyApplyCommand.quoted(function)
        + " on "
        + topic
        + (existing.isEmpty()
            ? " (it holds none)"
            : " (policies: "
                + String.join(", ", existing.stream().map(PolicyApplyCommand::quoted).toList())
                + ")");
  }
}
