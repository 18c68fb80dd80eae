package io.fiso.cli.policy;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code fiso policy ...}: the routing policies on the compacted topic fiso.policies. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = {
      "Manage routing policies: one per function (key = function name, '*' = the default policy"
          + " for functions without their own), kept on the compacted topic fiso.policies and read"
          + " by the router as they change. File format: docs/policies.md."
    },
    footer = {
      "",
      "Examples:",
      "  fiso policy apply -f policies.yaml --dry-run",
      "  fiso policy apply -f policies.yaml",
      "  fiso policy list",
      "  fiso policy get checkout",
      "  fiso policy get '*'",
      "  fiso policy delete checkout"
    },
    subcommands = {
      PolicyApplyCommand.class,
      PolicyListCommand.class,
      PolicyGetCommand.class,
      PolicyDeleteCommand.class,
      HelpCommand.class
    })
public final class PolicyCommand implements Callable<Integer> {

  /** Setting key of the topic name prefix (env FISO_TOPIC_PREFIX), as {@code fiso topics}. */
  static final String TOPIC_PREFIX = TopicCatalog.PREFIX_SETTING;

  @Spec CommandSpec spec;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      scope = ScopeType.INHERIT,
      description =
          "Prefix of every topic name (setting topic.prefix, env FISO_TOPIC_PREFIX; default"
              + " none).")
  String topicPrefix;

  /** The catalog the policy commands work on. */
  TopicCatalog catalog(FisoSettings settings) {
    String prefix = topicPrefix != null ? topicPrefix : settings.string(TOPIC_PREFIX, "");
    return TopicCatalog.prefixed(prefix);
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
