package io.fiso.bench.cli;

import io.fiso.avro.RoutingStrategy;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.router.RouterBenchmark;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso bench router}: benchmark 1. */
@Command(
    name = "router",
    mixinStandardHelpOptions = true,
    description =
        "(1) Records/s through the router (Avro decode, policy lookup, decision, Avro encode)"
            + " against a plain consume→produce loop and a Kafka Streams passthrough, at-least-"
            + "once and exactly-once, with 1, 100 and 10,000 policies.")
public final class RouterCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--policies",
      split = ",",
      defaultValue = "1,100,10000",
      description = "Policy counts (default: ${DEFAULT-VALUE}).")
  List<Integer> policies;

  @Option(
      names = "--guarantees",
      split = ",",
      defaultValue = "alos,eos",
      description = "alos and/or eos (default: ${DEFAULT-VALUE}).")
  List<String> guarantees;

  @Option(
      names = "--baseline-producer",
      defaultValue = "router",
      description =
          "Producer settings of the baselines: 'router' (the router's batch size and compression,"
              + " default) or 'kafka' (Kafka's defaults).")
  String baselineProducer;

  @Option(
      names = "--systems",
      split = ",",
      defaultValue = "plain,streams,router",
      description = "Which of plain, streams, router run (default: ${DEFAULT-VALUE}).")
  List<String> systems;

  @Option(
      names = "--backlog",
      defaultValue = "40000",
      description =
          "Records in the router's backlog per policy count, written before the drains"
              + " (default: ${DEFAULT-VALUE}).")
  long backlog;

  @Option(
      names = "--baseline-backlog",
      defaultValue = "250000",
      description =
          "Records in the backlog the baselines drain (they are faster); the router with the"
              + " first policy count reads the same topic (default: ${DEFAULT-VALUE}).")
  long baselineBacklog;

  @Option(
      names = "--warmup-records",
      defaultValue = "5000",
      description = "Records each run completes before measuring (default: ${DEFAULT-VALUE}).")
  long warmup;

  @Option(
      names = "--window",
      defaultValue = "1500ms",
      converter = DurationConverter.class,
      description = "Measurement window after the warm-up (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--warmup-time",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Untimed rounds of every scenario before the measured ones, repeated until this much"
              + " time has passed (at least one round): on two cores the JIT compiler keeps"
              + " speeding the broker and the clients up for about a minute (default:"
              + " ${DEFAULT-VALUE}).")
  Duration warmupTime;

  @Option(
      names = "--commit-interval",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description = "Commit interval of every system (default: ${DEFAULT-VALUE}).")
  Duration commitInterval;

  @Option(
      names = "--linger",
      converter = DurationConverter.class,
      description =
          "Producer linger of every system (default: the router's default for each guarantee,"
              + " 1ms at-least-once, 5ms exactly-once).")
  Duration linger;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description =
          "Input and output partitions; fiso.invocations' default (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "Threads of every system: stream threads of the router (router.stream.threads) and of"
              + " the Kafka Streams passthrough, consumer loops (each with its own producer) of"
              + " the plain passthrough (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--payload-bytes",
      defaultValue = "200",
      description = "JSON payload per invocation (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(
      names = "--strategy",
      defaultValue = "CHEAPEST",
      description =
          "Routing strategy of every policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  RoutingStrategy strategy;

  @Option(
      names = "--latency-load",
      defaultValue = "0",
      description =
          "Also measure latency, open-loop, at this fraction of each scenario's maximum (e.g."
              + " 0.5); 0 = off (default: ${DEFAULT-VALUE}).")
  double latencyLoad;

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
      names = "--sized-baselines",
      description =
          "Also run each baseline appending the bytes of the router's decision to every record it"
              + " writes, so that it writes as many bytes as the router: what is left between them"
              + " and the router is the router's own work.")
  boolean sizedBaselines;

  @Option(
      names = "--stats-rate",
      defaultValue = "0",
      description =
          "Provider statistics records per second written to the router's fiso.provider-stats"
              + " while it drains, as a cost-ingestor writes them (default: ${DEFAULT-VALUE}:"
              + " none).")
  double statsRate;

  @Option(
      names = "--budget-rate",
      defaultValue = "0",
      description =
          "Budget status records per second (state OK) written to the router's fiso.budget-status"
              + " while it drains, as a cost-ingestor writes them (default: ${DEFAULT-VALUE}:"
              + " none).")
  double budgetRate;

  @Override
  public Integer call() throws Exception {
    RouterBenchmark.Options options = options();
    return BenchCommands.execute(
        common, spec.commandLine().getOut(), cluster -> RouterBenchmark.run(cluster, options));
  }

  /**
   * The benchmark's settings from the options, checked before anything starts.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  RouterBenchmark.Options options() {
    return new RouterBenchmark.Options(
        policies,
        guarantees.stream().map(Guarantee::parse).toList(),
        new LinkedHashSet<>(
            systems.stream().map(s -> s.strip().toLowerCase(java.util.Locale.ROOT)).toList()),
        common.rounds(),
        backlog,
        baselineBacklog,
        warmup,
        warmupTime,
        window,
        commitInterval,
        linger,
        partitions,
        threads,
        payloadBytes,
        strategy,
        latencyLoad,
        latencyWarmup,
        latencyDuration,
        common.timeout(),
        baselinesLikeRouter(),
        sizedBaselines,
        statsRate,
        budgetRate);
  }

  private boolean baselinesLikeRouter() {
    return switch (baselineProducer.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "router" -> true;
      case "kafka" -> false;
      default ->
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(),
              "--baseline-producer: unknown value '" + baselineProducer + "'; use router or kafka");
    };
  }
}
