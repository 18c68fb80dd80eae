package io.fiso.bench.cli;

import io.fiso.avro.Provider;
import io.fiso.bench.controlplane.ControlPlaneBenchmark;
import io.fiso.bench.harness.Guarantee;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso bench control-plane}: benchmark 4. */
@Command(
    name = "control-plane",
    mixinStandardHelpOptions = true,
    description =
        "(4) Sync POST /api/v1/orchestrate through the control plane in front of the pipeline of"
            + " `fiso bench pipeline`: the maximum requests/s (closed-loop clients) and the"
            + " latency at fractions of it (open loop), against producing to fiso.invocations and"
            + " reading fiso.results directly at the same rates, in the same run.")
public final class ControlPlaneCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--loads",
      split = ",",
      defaultValue = "0.25,0.5,0.75",
      description = "Fractions of the maximum sync rate (default: ${DEFAULT-VALUE}).")
  List<Double> loads;

  @Option(
      names = "--guarantee",
      defaultValue = "alos",
      description =
          "The router's processing guarantee, alos or eos (default: ${DEFAULT-VALUE}; `fiso dev`"
              + " runs eos).")
  String guarantee;

  @Option(
      names = "--providers",
      split = ",",
      defaultValue = "AWS,AZURE,GCP",
      description = "Providers the policy spreads over (default: ${DEFAULT-VALUE}).")
  List<Provider> providers;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      description = "Worker concurrency per provider (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--clients",
      defaultValue = "60",
      description =
          "Closed-loop clients for the maximum rate; at most the sync requests the control plane"
              + " lets wait at once, http threads - 4 (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--http-threads",
      defaultValue = "64",
      description =
          "The control plane's http.threads; 64 is its default (default: ${DEFAULT-VALUE}).")
  int httpThreads;

  @Option(
      names = "--max-warmup",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Closed-loop warm-up, excluded (default: ${DEFAULT-VALUE}).")
  Duration maxWarmup;

  @Option(
      names = "--max-window",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Closed-loop measured time (default: ${DEFAULT-VALUE}).")
  Duration maxWindow;

  @Option(
      names = "--backlog",
      defaultValue = "8000",
      description =
          "Invocations the direct maximum-rate drain starts with; 0 = no direct maximum (default:"
              + " ${DEFAULT-VALUE}).")
  long backlog;

  @Option(
      names = "--warmup-records",
      defaultValue = "1000",
      description = "Results excluded at the start of each drain (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--window",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Direct maximum-rate window (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--commit-interval",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description = "Router commit interval (default: ${DEFAULT-VALUE}).")
  Duration commitInterval;

  @Option(
      names = "--latency-warmup",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Open-loop warm-up, excluded (default: ${DEFAULT-VALUE}).")
  Duration latencyWarmup;

  @Option(
      names = "--latency-duration",
      defaultValue = "3s",
      converter = DurationConverter.class,
      description = "Open-loop measured time (default: ${DEFAULT-VALUE}).")
  Duration latencyDuration;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of the invocations topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    ControlPlaneBenchmark.Options options =
        new ControlPlaneBenchmark.Options(
            loads,
            Guarantee.parse(guarantee),
            providers,
            concurrency,
            clients,
            httpThreads,
            common.rounds(),
            maxWarmup,
            maxWindow,
            backlog,
            warmup,
            window,
            commitInterval,
            latencyWarmup,
            latencyDuration,
            partitions,
            common.timeout());
    return BenchCommands.execute(
        common,
        spec.commandLine().getOut(),
        cluster -> ControlPlaneBenchmark.run(cluster, options));
  }
}
