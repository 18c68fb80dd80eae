package io.fiso.bench;

import io.fiso.bench.cli.ControlPlaneCommand;
import io.fiso.bench.cli.CostIngestorCommand;
import io.fiso.bench.cli.DevCommand;
import io.fiso.bench.cli.PipelineCommand;
import io.fiso.bench.cli.RouterCommand;
import io.fiso.bench.cli.WorkersCommand;
import io.fiso.schemas.AvroTrust;
import io.fiso.workers.invoke.CommonPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fiso bench <name>}: the benchmark harnesses. Each writes {@code
 * bench/reports/<date>-<name>.md} and {@code .csv}; see docs/benchmarks.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measures FISO's speed against baselines run on the same broker in the same run, and"
            + " writes a Markdown and CSV report (bench/reports/<date>-<name>.md).",
    subcommands = {
      RouterCommand.class,
      CostIngestorCommand.class,
      PipelineCommand.class,
      WorkersCommand.class,
      ControlPlaneCommand.class,
      DevCommand.class
    })
public final class BenchMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The picocli command, for embedding as {@code fiso bench}. */
  public static CommandLine commandLine() {
    AvroTrust.install();
    disableNagleInJdkHttpServer();
    return new CommandLine(new BenchMain())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, commandLine, parsed) -> {
              if (e instanceof IllegalArgumentException) {
                // settings that do not fit together, a missing jar: the message says what to do
                commandLine
                    .getErr()
                    .println(commandLine.getColorScheme().errorText(e.getMessage()));
                return commandLine.getCommandSpec().exitCodeOnInvalidInput();
              }
              throw e;
            });
  }

  /** The JDK's HTTP server (emulators, schema registry) reads this once, at its first start. */
  static final String JDK_HTTPSERVER_NODELAY = "sun.net.httpserver.nodelay";

  /**
   * The JDK's HTTP server, which the devstack cloud emulators and schema registry use, writes a
   * response's headers and body in separate packets without TCP_NODELAY; with the client's delayed
   * ACK every call then waits about 40 ms (measured here: 45 ms per sequential call to an emulator
   * with no added latency, 2-9 ms with it). That is an artefact of the stand-ins, not of FISO or of
   * a cloud, and would hide the workers' own cost: benchmarks run with TCP_NODELAY, unless the JVM
   * was started with the property set.
   */
  static void disableNagleInJdkHttpServer() {
    if (System.getProperty(JDK_HTTPSERVER_NODELAY) == null) {
      System.setProperty(JDK_HTTPSERVER_NODELAY, "true");
    }
  }

  /** Runs {@code fiso bench} with these arguments; returns the exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    CommonPool.atLeastTwoThreads(); // as fiso's own main does: see CommonPool
    // Standalone (exec:java, bench/run): progress at INFO, Kafka quiet; `fiso bench` uses fiso's.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "classpath:fiso-bench-log4j2.xml");
    }
    int code = execute(args);
    System.exit(code);
  }
}
