package io.fiso.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options every benchmark takes, with or without a Kafka cluster: how often to repeat, how long a
 * run may take, where to write the report. A picocli mixin ({@code @Mixin RunOptions}); {@link
 * CommonOptions} adds the cluster's options.
 */
public class RunOptions {

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
    return checkout()
        .map(root -> root.resolve("bench/reports"))
        .orElse(Path.of("").toAbsolutePath().resolve("bench-reports"));
  }

  /**
   * The FISO checkout the working directory is in (the directory holding bench/pom.xml), if any.
   */
  public static Optional<Path> checkout() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bench/pom.xml"))) {
        return Optional.of(p);
      }
      if (Files.isRegularFile(p.resolve("pom.xml"))
          && p.getFileName() != null
          && p.getFileName().toString().equals("bench")
          && p.getParent() != null) {
        return Optional.of(p.getParent());
      }
    }
    return Optional.empty();
  }
}
