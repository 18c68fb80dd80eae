package io.fiso.cli.mcal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fiso mcal}: the Multi-Cloud Abstraction Layer (mcal/terraform) and FISO. */
@Command(
    name = "mcal",
    description = {
      "Work with the functions deployed by mcal/terraform/{aws,azure,gcp}.",
    },
    subcommands = {McalImportCommand.class})
public final class McalCommand {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
