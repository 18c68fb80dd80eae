package io.fiso.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every benchmark takes: where to run, how often to repeat, where to write the report. */
public final class CommonOptions {

  @Option(
      names = "--bootstrap-servers",
      description =
          "Run against this Kafka cluster instead of the embedded broker (the default: a"
              + " single-node KRaft broker and a schema registry inside this JVM).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      description =
          "The external cluster's schema registry; without it an in-memory registry in this JVM"
              + " is used.")
  String schemaRegistryUrl;

  @Option(
      names = "--client-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client setting for every client (SASL, TLS, ...); repeatable.")
  Map<String, String> clientProperties = new LinkedHashMap<>();

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Runs per figure; each figure is their median (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--report-dir",
      description =
          "Where <date>-<name>.md and .csv go (default: bench/reports of the FISO checkout, else"
              + " ./bench-reports).")
  Path reportDir;

  @Option(
      names = "--report-name",
      description =
          "The report's name in <date>-<name>.md (default: the benchmark's name); a run with"
              + " other options can keep the default run's report of the same day.")
  String reportName;

  @Option(
      names = "--timeout",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "How long one run may take to start or finish before it fails (default: ${DEFAULT-VALUE}).")
  java.time.Duration timeout;

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String schemaRegistryUrl() {
    return schemaRegistryUrl;
  }

  public Map<String, String> clientProperties() {
    return clientProperties;
  }

  public int rounds() {
    return rounds;
  }

  /** The report name, or null for the benchmark's own. */
  public String reportName() {
    return reportName;
  }

  public java.time.Duration timeout() {
    return timeout;
  }

  /** The report directory: the option, else bench/reports when run from the checkout. */
  public Path reportDir() {
    if (reportDir != null) {
      return reportDir;
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bench/pom.xml"))) {
        return p.resolve("bench/reports");
      }
      if (Files.isRegularFile(p.resolve("pom.xml"))
          && p.getFileName() != null
          && p.getFileName().toString().equals("bench")) {
        return p.resolve("reports");
      }
    }
    return cwd.resolve("bench-reports");
  }
}
