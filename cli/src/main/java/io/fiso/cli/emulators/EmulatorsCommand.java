package io.fiso.cli.emulators;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.HealthEndpoint;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import io.fiso.devstack.emulator.CloudEmulators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fiso emulators}: the three local cloud emulators hosting the mcal sample function, on
 * their own, until Ctrl-C (for {@code fiso workers} run separately, or benchmarks).
 */
@Command(
    name = "emulators",
    mixinStandardHelpOptions = true,
    description = {
      "Run local emulators of AWS Lambda (the Invoke API), Azure Functions (HTTP trigger host)"
          + " and Google Cloud Functions (HTTP functions and a Pub/Sub publisher endpoint), each"
          + " hosting the mcal sample function, and print the settings fiso workers needs to call"
          + " them. Faults (latency, errors, throttling, outages, cold starts) are injected with"
          + " PUT <emulator>/_emulator/functions/<name>/faults; see docs/workers.md.",
    },
    footer = {
      "",
      "Examples:",
      "  fiso emulators",
      "  fiso emulators --lambda-port 0 --azure-port 0 --gcp-port 0 --pubsub-port 0",
      "",
      "Exit codes: 0 stopped, 1 a port could not be bound, 2 invalid option."
    })
public final class EmulatorsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--lambda-port",
      defaultValue = "9001",
      description = "AWS Lambda emulator port (0 = any free; default ${DEFAULT-VALUE}).")
  int lambdaPort;

  @Option(
      names = "--azure-port",
      defaultValue = "7071",
      description = "Azure Functions emulator port (0 = any free; default ${DEFAULT-VALUE}).")
  int azurePort;

  @Option(
      names = "--gcp-port",
      defaultValue = "8090",
      description = "Google Cloud Functions HTTP port (0 = any free; default ${DEFAULT-VALUE}).")
  int gcpPort;

  @Option(
      names = "--pubsub-port",
      defaultValue = "8085",
      description = "Pub/Sub publisher (gRPC) port (0 = any free; default ${DEFAULT-VALUE}).")
  int pubsubPort;

  @Option(
      names = "--azure-key-file",
      paramLabel = "FILE",
      defaultValue = ".fiso/azure-function-key",
      description =
          "Where the Azure emulator's function key is read from, or written to (a new random key)"
              + " when the file does not exist; give it to the workers as"
              + " FISO_AZURE_FUNCTION_KEY_FILE (default ${DEFAULT-VALUE}).")
  Path azureKeyFile;

  @Override
  public Integer call() throws InterruptedException {
    for (int port : new int[] {lambdaPort, azurePort, gcpPort, pubsubPort}) {
      if (port < 0 || port > 65535) {
        throw new CliException(ExitCodes.USAGE, "ports are 0..65535, got " + port, null);
      }
    }
    String key = azureKey(azureKeyFile);
    CloudEmulators clouds;
    try {
      clouds =
          CloudEmulators.start(
              new CloudEmulators.Ports(lambdaPort, azurePort, gcpPort, pubsubPort), key);
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCodes.FAILURE, e.getMessage(), e);
    }
    HealthEndpoint health =
        HealthEndpoint.startIfConfigured(Fiso.root(spec).settings(), "emulators", () -> true);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  clouds.close();
                  health.close();
                  stopped.countDown();
                },
                "fiso-emulators-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("FISO cloud emulators, hosting the mcal sample function:");
    out.println(clouds.describe());
    out.println();
    out.println("Workers reach them with:");
    Map<String, String> env = clouds.workerEnvironment();
    env.forEach(
        (name, value) -> {
          if (name.equals("FISO_AZURE_FUNCTION_KEY")) {
            out.println("  export FISO_AZURE_FUNCTION_KEY_FILE=" + azureKeyFile.toAbsolutePath());
          } else {
            out.println("  export " + name + "=" + value);
          }
        });
    out.println();
    out.println(
        "Policy targets: "
            + clouds.awsTarget().getTarget()
            + " | "
            + clouds.azureTarget().getTarget()
            + " | "
            + clouds.gcpTarget().getTarget()
            + " (async "
            + clouds.gcpTarget().getAsyncTarget()
            + ")");
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** The key in {@code file}, or a new one written there (owner-only permissions). */
  static String azureKey(Path file) {
    try {
      if (Files.exists(file)) {
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (key.isEmpty()) {
          throw new CliException(ExitCodes.USAGE, "the Azure key file " + file + " is empty", null);
        }
        return key;
      }
      String key = AzureFunctionsEmulator.newFunctionKey();
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the file keeps its default permissions
      }
      return key;
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          "cannot read or write the Azure key file " + file + ": " + e.getMessage(),
          e);
    }
  }
}
