package io.fiso.bench.workers;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingStrategy;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.BenchRun;
import io.fiso.bench.harness.CpuMeter;
import io.fiso.bench.harness.Drain;
import io.fiso.bench.harness.Figure;
import io.fiso.bench.harness.OpenLoop;
import io.fiso.bench.harness.Ratio;
import io.fiso.bench.harness.Report;
import io.fiso.bench.harness.Runs;
import io.fiso.bench.harness.WarmUp;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.emulator.FunctionFaults;
import io.fiso.devstack.emulator.FunctionStats;
import io.fiso.devstack.emulator.GcpFunctionsEmulator;
import io.fiso.devstack.emulator.LambdaEmulator;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.workers.WorkerSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 3: invocations per second through each provider's worker group and real client against
 * its devstack emulator, whose function takes a fixed service time d, with the worker's concurrency
 * limit c; compared with the bound c/d, with the most calls seen in flight.
 */
public final class WorkersBenchmark {

  private static final Logger log = LoggerFactory.getLogger(WorkersBenchmark.class);

  public static final String NAME = "workers";
  static final String THROUGHPUT = "throughput";
  static final double BOUND_GOAL = 0.9;

  /** The settings of one run. */
  public record Options(
      List<Provider> providers,
      List<Integer> concurrencies,
      Duration serviceTime,
      int rounds,
      long warmup,
      Duration window,
      int partitions,
      Duration timeout,
      Duration warmupTime,
      double jitQuiet,
      List<Integer> consumers) {
    public Options {
      consumers =
          consumers == null || consumers.isEmpty()
              ? List.of(WorkersScenario.DEFAULT_CONSUMERS)
              : List.copyOf(consumers);
      if (consumers.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException(
            "--consumers needs counts of 1 or more, was " + consumers);
      }
      WarmUp.check(warmupTime, jitQuiet);
      providers = List.copyOf(providers);
      concurrencies = List.copyOf(concurrencies);
      if (providers.isEmpty() || concurrencies.isEmpty()) {
        throw new IllegalArgumentException("--providers and --concurrency need a value each");
      }
      if (serviceTime.isNegative() || serviceTime.isZero()) {
        throw new IllegalArgumentException("--service-time must be positive, e.g. 50ms");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
      }
    }

    double bound(int concurrency) {
      return concurrency / (serviceTime.toNanos() / 1e9);
    }
  }

  private WorkersBenchmark() {}

  public static Report run(BenchCluster cluster, Options o) throws InterruptedException {
    BenchRun run = new BenchRun(NAME, "Workers against c/d (`fiso bench " + NAME + "`)", cluster);
    Report report = run.report();
    try (CloudEmulators emulators = CloudEmulators.start()) {
      report.environment("cloud emulators", "devstack emulators of the three clouds, in this JVM");
      String runId = Runs.newTag("w");
      int maxConcurrency = o.concurrencies().stream().max(Integer::compare).orElseThrow();
      long backlog =
          o.warmup() + Math.round(o.bound(maxConcurrency) * o.window().toNanos() / 1e9 * 1.5) + 100;
      Map<Provider, String> inputs = new LinkedHashMap<>();
      List<WorkersScenario> scenarios = new ArrayList<>();
      for (Provider p : o.providers()) {
        FunctionTarget target = target(emulators, p);
        faults(emulators, p).reset().latency(o.serviceTime());
        String input = runId + "." + p.name().toLowerCase(Locale.ROOT) + ".routed";
        cluster.createTopics(Map.of(input, o.partitions()), Map.of());
        AvroSerializer<RoutedInvocation> serializer =
            new AvroSerializer<>(cluster.registry(), false, true);
        Instant now = Instant.now();
        cluster.preload(
            input,
            backlog,
            i -> {
              String key = OpenLoop.key("b", i);
              return new OpenLoop.Prepared(
                  key.getBytes(StandardCharsets.UTF_8),
                  serializer.serialize(input, routed(key, target, now)));
            });
        inputs.put(p, input);
        for (int c : o.concurrencies()) {
          for (int n : o.consumers()) {
            scenarios.add(
                new WorkersScenario(
                    cluster,
                    p,
                    c,
                    emulators.workerEnvironment(),
                    o.serviceTime().multipliedBy(20).plusSeconds(10),
                    stats(emulators, p),
                    n));
          }
        }
      }
      settings(report, o, backlog);

      warmUp(cluster, scenarios, inputs, backlog, o, report);
      for (int round = 1; round <= o.rounds(); round++) {
        log.info("Round {} of {}", round, o.rounds());
        for (WorkersScenario s : scenarios) {
          Drain.Result r =
              Runs.drain(
                  cluster,
                  s,
                  inputs.get(s.provider()),
                  new Runs.DrainSettings(backlog, o.warmup(), o.window(), o.timeout()));
          run.sample(s.name(), THROUGHPUT, "invocations/s", r.perSecond());
          run.sample(s.name(), "max calls in flight (worker)", "calls", s.lastMaxInFlight());
          run.sample(s.name(), "max calls running (emulator)", "calls", s.lastMaxRunning());
          WorkersScenario.PermitUse use = s.lastPermitUse();
          if (use.meanInFlight() >= 0) {
            run.sample(s.name(), "mean calls in flight", "calls", use.meanInFlight());
            run.sample(s.name(), "time with a permit free", "%", use.freeShare() * 100);
            run.sample(
                s.name(),
                "time with a permit free and records waiting for one",
                "%",
                use.freeWithWaitingShare() * 100);
          }
          // Where the CPU saturates, the bound cannot be reached: show how busy it was while the
          // invocations counted ran (not during the group's join and warm-up).
          CpuMeter.Usage cpu = r.cpu();
          run.sample(s.name(), "CPU busy, whole machine", "%", cpu.machineBusy() * 100);
          run.sample(s.name(), "CPU used by this JVM", "%", cpu.thisProcess() * 100);
        }
      }
      for (WorkersScenario s : scenarios) {
        double bound = o.bound(s.concurrency());
        Figure f = run.figure(s.name(), THROUGHPUT);
        report.ratio(
            new Ratio(
                s.name() + " / c/d (" + Math.round(bound) + " invocations/s)",
                f.median() / bound,
                BOUND_GOAL));
      }
    }
    return run.finish();
  }

  static RoutedInvocation routed(String id, FunctionTarget target, Instant now) {
    InvocationRequest request =
        InvocationRequest.newBuilder()
            .setInvocationId(id)
            .setFunction("fiso-sample")
            .setPayload(ByteBuffer.wrap("{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8)))
            .setContentType("application/json")
            .setMode(InvocationMode.SYNC)
            .setLabels(Map.of("team", "bench"))
            .setRequestedAt(now)
            .build();
    RoutingDecision decision =
        RoutingDecision.newBuilder()
            .setTarget(target)
            .setPolicyFunction("*")
            .setPolicyName("bench")
            .setPolicyVersion(1)
            .setStrategy(RoutingStrategy.PINNED)
            .setReason("benchmark: every invocation pinned to the emulator")
            .setRoutedAt(now)
            .build();
    return RoutedInvocation.newBuilder().setRequest(request).setDecision(decision).build();
  }

  private static FunctionTarget target(CloudEmulators e, Provider p) {
    return switch (p) {
      case AWS -> e.awsTarget();
      case AZURE -> e.azureTarget();
      case GCP -> e.gcpTarget();
    };
  }

  private static FunctionFaults faults(CloudEmulators e, Provider p) {
    return switch (p) {
      case AWS -> e.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION);
      case AZURE -> e.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION);
      case GCP -> e.gcp().faults(GcpFunctionsEmulator.SAMPLE_FUNCTION);
    };
  }

  private static FunctionStats stats(CloudEmulators e, Provider p) {
    return switch (p) {
      case AWS -> e.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION);
      case AZURE -> e.azure().stats(AzureFunctionsEmulator.SAMPLE_FUNCTION);
      case GCP -> e.gcp().stats(GcpFunctionsEmulator.SAMPLE_FUNCTION);
    };
  }

  /**
   * Untimed drains of every scenario until {@code o.warmupTime()} has passed and the JIT compiled
   * at most {@code o.jitQuiet()} ms per s over the last round ({@link WarmUp}).
   */
  private static void warmUp(
      BenchCluster cluster,
      List<WorkersScenario> scenarios,
      Map<Provider, String> inputs,
      long backlog,
      Options o,
      Report report)
      throws InterruptedException {
    WarmUp.Result done =
        WarmUp.run(
            o.warmupTime(),
            o.jitQuiet(),
            round -> {
              for (WorkersScenario s : scenarios) {
                log.info("JVM warm-up round {}: {}", round, s.name());
                Runs.drain(
                    cluster,
                    s,
                    inputs.get(s.provider()),
                    new Runs.DrainSettings(backlog, o.warmup(), o.window(), o.timeout()));
              }
            });
    report.setting(
        "JVM warm-up",
        String.format(
            Locale.ROOT,
            "%d untimed round(s) of every scenario, %d s, until --warmup-time %d s had passed and"
                + " the JIT compiled at most --jit-quiet %.0f ms per s over a round (last round:"
                + " %.0f ms per s)",
            done.rounds(),
            done.seconds(),
            o.warmupTime().toSeconds(),
            o.jitQuiet(),
            done.compiling()));
  }

  private static void settings(Report report, Options o, long backlog) {
    report
        .setting(
            "providers", String.join(", ", o.providers().stream().map(String::valueOf).toList()))
        .setting(
            "concurrency c",
            String.join(", ", o.concurrencies().stream().map(String::valueOf).toList())
                + " calls in flight per worker group (provider and per-function limit)")
        .setting(
            "share consumers per worker group",
            String.join(", ", o.consumers().stream().map(String::valueOf).toList())
                + ", each polling at most "
                + WorkerSettings.defaults(Provider.AWS).maxPollRecords()
                + " records")
        .setting(
            "service time d",
            o.serviceTime().toMillis()
                + " ms added by the emulator to the sample function's own time")
        .setting(
            "sun.net.httpserver.nodelay",
            System.getProperty("sun.net.httpserver.nodelay", "false")
                + " (the emulators' HTTP server; false adds ~40 ms to every call)")
        .setting("rounds (runs per figure)", o.rounds())
        .setting("backlog", backlog + " routed invocations per provider, written before the runs")
        .setting("warm-up", o.warmup() + " results per run, excluded")
        .setting("measurement window", o.window().toMillis() + " ms after the warm-up")
        .setting("partitions", o.partitions() + " of the routed topic")
        .setting(
            "worker group",
            "defaults of fiso workers (4 share consumers, 250 records per poll), share group"
                + " starting at the earliest offset, results and cost events produced"
                + " (acks=all, idempotent) before each record is acknowledged")
        .setting(
            "method",
            "invocations/s = results read back from fiso.results (share groups commit no"
                + " offsets) between the first sample past the warm-up and the last sample"
                + " that moved inside the window");
  }
}
