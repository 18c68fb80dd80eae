package io.fiso.bench.cli;

import io.fiso.avro.Provider;
import io.fiso.bench.workers.WorkersBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso bench workers}: benchmark 3. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description =
        "(3) Invocations/s through each provider's worker group and real client against its"
            + " emulator, with service time d and concurrency c, against the bound c/d; the most"
            + " calls in flight.")
public final class WorkersCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--providers",
      split = ",",
      defaultValue = "AWS,AZURE,GCP",
      description = "Providers (default: ${DEFAULT-VALUE}).")
  List<Provider> providers;

  @Option(
      names = "--concurrency",
      split = ",",
      defaultValue = "16,64",
      description = "Concurrency limits c of the worker group (default: ${DEFAULT-VALUE}).")
  List<Integer> concurrencies;

  @Option(
      names = "--service-time",
      defaultValue = "50ms",
      converter = DurationConverter.class,
      description = "Time d the emulated function takes (default: ${DEFAULT-VALUE}).")
  Duration serviceTime;

  @Option(
      names = "--warmup-records",
      defaultValue = "300",
      description = "Results each run completes before measuring (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--window",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Measurement window after the warm-up (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of the routed topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--warmup-time",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Untimed drains of every scenario for at least this long before anything is measured,"
              + " and on until the JIT is quiet (--jit-quiet; 10 minutes at most) (default:"
              + " ${DEFAULT-VALUE}).")
  Duration warmupTime;

  @Option(
      names = "--jit-quiet",
      defaultValue = "150",
      description =
          "The warm-up ends once the JIT compiled at most this many ms per s over a round"
              + " (default: ${DEFAULT-VALUE}).")
  double jitQuiet;

  @Option(
      names = "--consumers",
      split = ",",
      description =
          "Share consumers per worker group (default: the worker's default,"
              + " FISO_WORKER_CONSUMERS); several values run a scenario each.")
  List<Integer> consumers;

  @Override
  public Integer call() throws Exception {
    WorkersBenchmark.Options options =
        new WorkersBenchmark.Options(
            providers,
            concurrencies,
            serviceTime,
            common.rounds(),
            warmup,
            window,
            partitions,
            common.timeout(),
            warmupTime,
            jitQuiet,
            consumers);
    return BenchCommands.execute(
        common, spec.commandLine().getOut(), cluster -> WorkersBenchmark.run(cluster, options));
  }
}
