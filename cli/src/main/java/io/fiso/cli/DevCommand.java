package io.fiso.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fiso dev}: placeholder until the embedded stack lands (issue 7). */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run all of FISO in one process, with its own Kafka broker, schema registry and cloud"
          + " emulators, the control plane on port 8080 (not built yet: issue 7)."
    },
    footer = {"", "Example:", "  fiso dev"})
public final class DevCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("fiso dev is not built yet: see issue 7");
    spec.commandLine().getErr().flush();
    return ExitCodes.FAILURE;
  }
}
