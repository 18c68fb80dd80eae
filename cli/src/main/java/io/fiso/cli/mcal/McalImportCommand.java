package io.fiso.cli.mcal;

import io.fiso.avro.Provider;
import io.fiso.avro.RoutingStrategy;
import io.fiso.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fiso mcal import}: reads {@code terraform output -json} of one or more clouds and writes a
 * policy file with one target per cloud, ready for {@code fiso policy apply -f}.
 */
@Command(
    name = "import",
    description = {
      "Write a FISO policy file from the `terraform output -json` of mcal/terraform/{aws,azure,gcp}:"
          + " one target per cloud given, in the order aws, azure, gcp.",
      "The Azure function key is never copied: FISO's Azure workers read it from"
          + " FISO_AZURE_FUNCTION_KEY or FISO_AZURE_FUNCTION_KEY_FILE.",
    },
    footer = {
      "",
      "Example:",
      "  terraform -chdir=mcal/terraform/aws output -json > out-aws.json",
      "  terraform -chdir=mcal/terraform/gcp output -json > out-gcp.json",
      "  fiso mcal import --aws out-aws.json --gcp out-gcp.json --strategy CHEAPEST -o policy.yaml",
      "  fiso policy apply -f policy.yaml",
    })
public final class McalImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--aws",
      paramLabel = "FILE",
      description = "`terraform output -json` of mcal/terraform/aws.")
  Path aws;

  @Option(
      names = "--azure",
      paramLabel = "FILE",
      description = "`terraform output -json` of mcal/terraform/azure.")
  Path azure;

  @Option(
      names = "--gcp",
      paramLabel = "FILE",
      description = "`terraform output -json` of mcal/terraform/gcp.")
  Path gcp;

  @Option(
      names = "--function",
      paramLabel = "NAME",
      defaultValue = ImportOptions.DEFAULT_FUNCTION,
      description =
          "Logical function the policy routes (default: ${DEFAULT-VALUE}); \"*\" for the default policy.")
  String function;

  @Option(
      names = "--strategy",
      paramLabel = "STRATEGY",
      defaultValue = "CHEAPEST",
      description =
          "Routing strategy: PINNED, WEIGHTED, FAILOVER, CHEAPEST, FASTEST or CHEAPEST_WITHIN_SLO"
              + " (default: ${DEFAULT-VALUE}). PINNED routes to the first target; FAILOVER tries"
              + " them in the order aws, azure, gcp.")
  String strategy;

  @Option(
      names = "--latency-slo-ms",
      paramLabel = "MS",
      description = "p95 latency objective in ms; required by CHEAPEST_WITHIN_SLO.")
  Integer latencySloMs;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "Name of the policy (default: <function>-<strategy>, e.g. fiso-sample-cheapest).")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Where to write the policy file (default: standard output). A name ending in .json writes JSON, anything else YAML.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Map<Provider, Path> files = new EnumMap<>(Provider.class);
    if (aws != null) files.put(Provider.AWS, aws);
    if (azure != null) files.put(Provider.AZURE, azure);
    if (gcp != null) files.put(Provider.GCP, gcp);
    if (files.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "give at least one of --aws, --azure, --gcp (files written by `terraform output -json`)");
    }
    ImportOptions options;
    try {
      options = new ImportOptions(function, parseStrategy(strategy), name, latencySloMs);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }

    PrintWriter err = spec.commandLine().getErr();
    PolicyDocument policy;
    try {
      Map<Provider, TerraformOutputs> outputs = new EnumMap<>(Provider.class);
      for (Map.Entry<Provider, Path> file : files.entrySet()) {
        outputs.put(file.getKey(), TerraformOutputs.read(file.getValue()));
      }
      policy = PolicyImporter.importPolicy(options, outputs);
    } catch (McalImportException e) {
      err.println("fiso mcal import: " + e.getMessage());
      err.flush();
      return ExitCodes.FAILURE;
    }

    List<String> sources = new ArrayList<>();
    files.forEach(
        (provider, path) -> sources.add(provider.name().toLowerCase(Locale.ROOT) + ": " + path));
    PolicyFileWriter.Format format =
        PolicyFileWriter.Format.forFileName(
            output == null ? null : output.getFileName().toString());
    String text = PolicyFileWriter.write(policy, sources, format);

    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    } else {
      writeAtomically(output, text);
    }
    err.println(summary(policy, output));
    err.flush();
    return ExitCodes.OK;
  }

  private static RoutingStrategy parseStrategy(String text) {
    String normalized = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (RoutingStrategy candidate : RoutingStrategy.values()) {
      if (candidate.name().equals(normalized)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "--strategy "
            + text
            + " is not a routing strategy; use one of "
            + String.join(
                ", ", java.util.Arrays.stream(RoutingStrategy.values()).map(Enum::name).toList()));
  }

  private static String summary(PolicyDocument policy, Path output) {
    StringBuilder text =
        new StringBuilder("policy ")
            .append(policy.name())
            .append(" for function ")
            .append(policy.function())
            .append(" (")
            .append(policy.strategy())
            .append("): ");
    text.append(
        String.join(
            ", ", policy.targets().stream().map(t -> t.provider() + " " + t.region()).toList()));
    if (output != null) {
      text.append(System.lineSeparator())
          .append("written to ")
          .append(output)
          .append("; apply it with: fiso policy apply -f ")
          .append(output);
    }
    if (policy.targets().stream().anyMatch(t -> t.provider().equals("azure"))) {
      text.append(System.lineSeparator())
          .append("the azure target needs its function key: set ")
          .append(PolicyImporter.AZURE_KEY_ENV)
          .append(" or ")
          .append(PolicyImporter.AZURE_KEY_FILE_ENV)
          .append(" for FISO's Azure workers (terraform output -raw function_key)");
    }
    return text.toString();
  }

  private static void writeAtomically(Path output, String text) throws IOException {
    Path absolute = output.toAbsolutePath();
    Path directory = absolute.getParent();
    if (directory != null) {
      Files.createDirectories(directory);
    }
    Path temporary = Files.createTempFile(directory, absolute.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
