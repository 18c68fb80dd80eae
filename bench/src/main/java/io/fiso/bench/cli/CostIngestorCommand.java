package io.fiso.bench.cli;

import io.fiso.bench.costs.CostIngestorBenchmark;
import io.fiso.bench.harness.Guarantee;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso bench cost-ingestor}: benchmark 5. */
@Command(
    name = "cost-ingestor",
    mixinStandardHelpOptions = true,
    description =
        "(5) Cost events aggregated per second by the cost-ingestor (validation, provider"
            + " statistics, rollups, budgets), against a Kafka Streams passthrough of the same"
            + " events.")
public final class CostIngestorCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--guarantees",
      split = ",",
      defaultValue = "alos,eos",
      description = "alos and/or eos (default: ${DEFAULT-VALUE}).")
  List<String> guarantees;

  @Option(
      names = "--backlog",
      defaultValue = "50000",
      description = "Cost events written before the runs (default: ${DEFAULT-VALUE}).")
  long backlog;

  @Option(
      names = "--baseline-backlog",
      defaultValue = "100000",
      description = "Events the passthrough baseline drains (default: ${DEFAULT-VALUE}).")
  long baselineBacklog;

  @Option(
      names = "--window",
      defaultValue = "1500ms",
      converter = DurationConverter.class,
      description = "The passthrough's measurement window (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--warmup-records",
      defaultValue = "3000",
      description = "Events each run commits before measuring (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--functions",
      defaultValue = "100",
      description = "Functions (each with a budgeted policy) (default: ${DEFAULT-VALUE}).")
  int functions;

  @Option(
      names = "--commit-interval",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description = "Commit interval (default: ${DEFAULT-VALUE}).")
  Duration commitInterval;

  @Option(
      names = "--linger",
      defaultValue = "5ms",
      converter = DurationConverter.class,
      description = "Producer linger of the passthrough baseline (default: ${DEFAULT-VALUE}).")
  Duration linger;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions; fiso.costs' default (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    CostIngestorBenchmark.Options options =
        new CostIngestorBenchmark.Options(
            guarantees.stream().map(Guarantee::parse).toList(),
            common.rounds(),
            backlog,
            baselineBacklog,
            warmup,
            window,
            functions,
            commitInterval,
            linger,
            partitions,
            common.timeout());
    return BenchCommands.execute(
        common,
        spec.commandLine().getOut(),
        cluster -> CostIngestorBenchmark.run(cluster, options));
  }
}
