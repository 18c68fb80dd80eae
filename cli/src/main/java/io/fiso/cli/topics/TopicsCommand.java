package io.fiso.cli.topics;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fiso topics}: FISO's Kafka topics, as the topic catalog defines them. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {"Create and inspect FISO's Kafka topics, as the topic catalog defines them."},
    footer = {
      "",
      "Examples:",
      "  fiso topics create",
      "  fiso topics describe --bootstrap-servers kafka:9092"
    },
    subcommands = {TopicsCreateCommand.class, TopicsDescribeCommand.class})
public final class TopicsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
