package io.fiso.bench.cli;

import io.fiso.avro.Provider;
import io.fiso.bench.pipeline.PipelineBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso bench pipeline}: benchmark 2. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "(2) The latency FISO adds: invocation produced → result consumed through the router and"
            + " the workers, emulated functions that take no time, at fractions of the maximum"
            + " rate, minus a direct in-process call.")
public final class PipelineCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--loads",
      split = ",",
      defaultValue = "0.25,0.5,0.75",
      description =
          "Fractions of the maximum rate, at-least-once router (default: ${DEFAULT-VALUE}).")
  List<Double> loads;

  @Option(
      names = "--eos-loads",
      split = ",",
      defaultValue = "0.5",
      description =
          "Fractions of the maximum rate, exactly-once router (default: ${DEFAULT-VALUE}).")
  List<Double> eosLoads;

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
      names = "--backlog",
      defaultValue = "8000",
      description = "Invocations the maximum-rate drain starts with (default: ${DEFAULT-VALUE}).")
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
      description = "Maximum-rate window (default: ${DEFAULT-VALUE}).")
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
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Open-loop measured time; a few thousand invocations for a p99 that holds still"
              + " (default: ${DEFAULT-VALUE}).")
  Duration latencyDuration;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of the invocations topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--direct-calls",
      defaultValue = "300",
      description = "Direct calls per provider for the baseline (default: ${DEFAULT-VALUE}).")
  int directCalls;

  @Option(
      names = "--assume-max",
      defaultValue = "0",
      description =
          "Take this many invocations/s as the maximum rate instead of measuring it, so that two"
              + " runs (e.g. before and after a change) send the same loads; 0 = measure"
              + " (default: ${DEFAULT-VALUE}).")
  double assumedMax;

  @Option(
      names = "--warmup-time",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "Untimed rounds (a drain, then load at half its rate, per scenario) for at least this"
              + " long before anything is measured, and on until the JIT is quiet (--jit-quiet; 10"
              + " minutes at most): it compiles for minutes in this JVM (default:"
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
      names = "--router-linger",
      converter = DurationConverter.class,
      description =
          "The router producer's linger for both guarantees (default: the router's, 1 ms"
              + " at-least-once and 5 ms exactly-once).")
  Duration routerLinger;

  @Override
  public Integer call() throws Exception {
    PipelineBenchmark.Options options = options();
    return BenchCommands.execute(
        common, spec.commandLine().getOut(), cluster -> PipelineBenchmark.run(cluster, options));
  }

  /**
   * The benchmark's settings from the options, checked before anything starts.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  PipelineBenchmark.Options options() {
    return new PipelineBenchmark.Options(
        loads,
        eosLoads,
        providers,
        concurrency,
        common.rounds(),
        backlog,
        warmup,
        window,
        commitInterval,
        latencyWarmup,
        latencyDuration,
        partitions,
        directCalls,
        common.timeout(),
        assumedMax,
        warmupTime,
        jitQuiet,
        routerLinger);
  }
}
