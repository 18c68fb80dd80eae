package io.fiso.cli.mcal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fiso mcal}: the Multi-Cloud Abstraction Layer (mcal/terraform) and FISO. */
@Command(
    name = "mcal",
    description = {
      "Work with the functions deployed by mcal/terraform/{aws,azure,gcp}.",
    },
    footer = {
      "",
      "Example:",
      "  fiso mcal import --aws out-aws.json --azure out-azure.json --gcp out-gcp.json -o policy.yaml"
    },
    subcommands = {McalImportCommand.class})
public final class McalCommand {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
