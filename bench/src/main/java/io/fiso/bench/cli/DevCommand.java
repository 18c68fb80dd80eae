package io.fiso.bench.cli;

import io.fiso.bench.BenchMain;
import io.fiso.bench.dev.DevBenchmark;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso bench dev}: benchmark 6. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "(6) `fiso dev` as a user starts it: the built fiso jar as a child process (`java -jar"
            + " fiso.jar dev --fresh`, temporary data, free ports); time from start to GET /healthz"
            + " answering and to GET /readyz ready, resident memory (VmRSS) idle and under sync"
            + " orchestrate load, and the time from SIGTERM to exit. Needs Linux (/proc).")
public final class DevCommand implements Callable<Integer> {

  @Mixin RunOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--jar",
      description =
          "The fiso jar to start (default: the jar running this command, else cli/target/fiso.jar"
              + " of the FISO checkout; build it with `"
              + DevBenchmark.BUILD
              + "`).")
  Path jar;

  @Option(
      names = "--java-option",
      paramLabel = "OPTION",
      description =
          "A JVM option for fiso dev, e.g. --java-option=-Xmx1g; repeatable (default: none, the"
              + " JVM's defaults, as `./fiso dev`).")
  List<String> javaOptions = new ArrayList<>();

  @Option(
      names = "--idle",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "How long after ready the idle memory is read (default: ${DEFAULT-VALUE}).")
  Duration idle;

  @Option(
      names = "--load-rate",
      defaultValue = "100",
      description =
          "Sync orchestrate requests per second (open loop) during the load; 0 = no load"
              + " (default: ${DEFAULT-VALUE}).")
  double loadRate;

  @Option(
      names = "--load-warmup",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Start of the load whose latencies are not timed (default: ${DEFAULT-VALUE}).")
  Duration loadWarmup;

  @Option(
      names = "--load-duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Timed load after its warm-up (default: ${DEFAULT-VALUE}).")
  Duration loadDuration;

  @Option(
      names = "--stop-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long fiso dev may take to exit after SIGTERM before it is killed and the run fails"
              + " (default: ${DEFAULT-VALUE}).")
  Duration stopTimeout;

  @Override
  public Integer call() throws Exception {
    DevBenchmark.Options options =
        new DevBenchmark.Options(
            jar != null ? jar : defaultJar(),
            javaOptions,
            idle,
            loadRate,
            loadWarmup,
            loadDuration,
            stopTimeout,
            common.rounds(),
            common.timeout());
    return BenchCommands.executeStandalone(
        common, spec.commandLine().getOut(), () -> DevBenchmark.run(options));
  }

  /** The jar running this command (`fiso bench dev`), else the checkout's cli/target/fiso.jar. */
  static Path defaultJar() {
    return runningJar()
        .orElseGet(
            () ->
                RunOptions.checkout()
                    .orElse(Path.of("").toAbsolutePath())
                    .resolve("cli/target/fiso.jar"));
  }

  /** The fiso jar this code was loaded from, when it runs from one (not from target/classes). */
  private static Optional<Path> runningJar() {
    try {
      CodeSource source = BenchMain.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path p = Path.of(source.getLocation().toURI());
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      return Files.isRegularFile(p)
              && name.startsWith("fiso")
              && name.endsWith(".jar")
              && !name.startsWith("fiso-bench")
          ? Optional.of(p)
          : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
