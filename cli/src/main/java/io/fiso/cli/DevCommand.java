package io.fiso.cli;

import io.fiso.cli.dev.DevStack;
import io.fiso.devstack.emulator.CloudEmulators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso dev}: all of FISO in one process on its embedded default. */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run all of FISO in one process on its embedded default: a real Kafka broker (KRaft) on"
          + " :9092, a Confluent-compatible schema registry on :8081, emulators of AWS Lambda,"
          + " Azure Functions and Google Cloud Functions hosting the sample function, the router,"
          + " one worker group per cloud, the cost-ingestor and the control plane on :8080. It"
          + " creates the topics and seeds the price catalog and a default policy.",
      "",
      "Ctrl-C stops it cleanly and keeps its data directory, so a restart continues where it"
          + " stopped; --fresh wipes the data first."
    },
    footer = {
      "",
      "Examples:",
      "  fiso dev",
      "  curl -X POST http://localhost:8080/api/v1/orchestrate     (in another terminal)",
      "  fiso dev --fresh --port 18080 --kafka-port 19092 --registry-port 18081"
    })
public final class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the broker's log and the Streams state are kept (default: ${DEFAULT-VALUE}).",
      defaultValue = ".fiso/dev")
  Path dataDir;

  @Option(names = "--fresh", description = "Delete the data directory first.")
  boolean fresh;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Control plane HTTP port (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int httpPort;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      description = "Kafka broker port (default: ${DEFAULT-VALUE}).",
      defaultValue = "9092")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      paramLabel = "PORT",
      description = "Schema registry port (default: ${DEFAULT-VALUE}).",
      defaultValue = "8081")
  int registryPort;

  @Option(
      names = "--emulator-ports",
      paramLabel = "LAMBDA,AZURE,GCP,PUBSUB",
      split = ",",
      description =
          "Ports of the AWS Lambda, Azure Functions, Google Cloud Functions and Pub/Sub emulators"
              + " (default: 9001,9002,9003,8085; 0 = any free port).")
  int[] emulatorPorts;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    quietLogs();
    if (fresh) {
      deleteRecursively(dataDir);
      out.println("Deleted " + dataDir.toAbsolutePath() + " (--fresh).");
    }
    CloudEmulators.Ports ports = DevStack.Options.EMULATOR_PORTS;
    if (emulatorPorts != null) {
      if (emulatorPorts.length != 4) {
        throw new CliException(
            ExitCodes.USAGE,
            "--emulator-ports takes four ports (Lambda, Azure, Google HTTP, Pub/Sub), got "
                + emulatorPorts.length,
            null);
      }
      ports =
          new CloudEmulators.Ports(
              emulatorPorts[0], emulatorPorts[1], emulatorPorts[2], emulatorPorts[3]);
    }
    out.println("Starting FISO dev (data in " + dataDir.toAbsolutePath() + ")");
    out.flush();
    long start = System.nanoTime();
    DevStack stack =
        DevStack.start(
            new DevStack.Options(dataDir, kafkaPort, registryPort, httpPort, ports), out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("\nStopping FISO dev...");
                  out.flush();
                  stack.close();
                  out.println("Stopped. The data is kept in " + dataDir.toAbsolutePath() + ".");
                  out.flush();
                  stopped.countDown();
                },
                "fiso-dev-shutdown"));
    stack.ownShutdown(); // our hook stops the services before their broker, not alongside it
    out.println(stack.summary());
    out.printf("%nReady in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * One process runs everything here, so the services' start-up chatter would bury the summary:
   * unless FISO_LOG_LEVEL says otherwise, FISO logs warnings and errors only.
   */
  private static void quietLogs() {
    if (System.getenv("FISO_LOG_LEVEL") == null) {
      Configurator.setLevel("io.fiso", Level.WARN);
    }
    if (System.getenv("FISO_LOG_LEVEL_KAFKA") == null) {
      Configurator.setLevel("org.apache.kafka.controller", Level.ERROR);
      Configurator.setLevel("org.apache.kafka.streams.StreamsConfig", Level.ERROR);
      // Repartition topics are created a moment after the first metadata request: not a problem.
      Configurator.setLevel("org.apache.kafka.clients.NetworkClient", Level.ERROR);
      Configurator.setLevel(
          "org.apache.kafka.streams.processor.internals.StateDirectory", Level.ERROR);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + " for --fresh: " + e.getMessage(), e);
    }
  }
}
