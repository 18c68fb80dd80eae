package io.fiso.bench.cli;

import picocli.CommandLine.Command;

/**
 * Benchmarks of issue 8 whose parts have not landed: each says what it needs. Replace one with its
 * real command when the part exists (docs/benchmarks.md, "Not yet measured").
 */
public final class PendingCommands {

  private PendingCommands() {}

  @Command(
      name = "control-plane",
      description =
          "(4) Sync orchestrate requests/s and latency, against producing and consuming"
              + " directly.")
  public static final class ControlPlane extends BenchCommands.Pending {
    @Override
    String missing() {
      return "the benchmark is not written yet. It will start the control plane's HTTP API in"
          + " process in front of the router, workers and emulators of `fiso bench pipeline`, and"
          + " compare sync orchestrate requests with producing and consuming directly.";
    }
  }

  @Command(
      name = "dev",
      description =
          "(6) `fiso dev`: time from start to ready with the jar built, and resident memory idle"
              + " and under the pipeline benchmark's load.")
  public static final class Dev extends BenchCommands.Pending {
    @Override
    String missing() {
      return "it needs the runnable fiso jar with a working `fiso dev` (start time to a healthy"
          + " control plane, resident memory idle and under load).";
    }
  }
}
