package io.fiso.bench.pipeline;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.BenchRun;
import io.fiso.bench.harness.Drain;
import io.fiso.bench.harness.Figure;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Latencies;
import io.fiso.bench.harness.OpenLoop;
import io.fiso.bench.harness.Report;
import io.fiso.bench.harness.Runs;
import io.fiso.bench.harness.WarmUp;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.emulator.GcpFunctionsEmulator;
import io.fiso.devstack.emulator.LambdaEmulator;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.workers.Invokers;
import io.fiso.workers.invoke.Call;
import io.fiso.workers.invoke.CallOutcome;
import io.fiso.workers.invoke.Invoker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 2: the latency FISO adds to an invocation. An invocation is produced to
 * fiso.invocations on an open-loop schedule and timed until its result is read from fiso.results,
 * through the router and the workers, calling emulated functions that add no time; at fractions of
 * the maximum sustainable rate measured in the same run. The baseline is the same function called
 * directly, in process, through the same provider clients: FISO's added latency is the difference.
 */
public final class PipelineBenchmark {

  private static final Logger log = LoggerFactory.getLogger(PipelineBenchmark.class);

  public static final String NAME = "pipeline";
  static final String THROUGHPUT = "maximum rate";
  static final String SUSTAINABLE = "maximum sustainable rate";

  /** A probe keeps up if at most this much of its rate is still on its way when sending ends. */
  static final double KEEP_UP_SECONDS = 0.25;

  private static final Duration PROBE_DURATION = Duration.ofSeconds(10);
  private static final int PROBES = 7;
  static final String DIRECT = "direct in-process call";
  static final double ADDED_P99_GOAL_MS = 10.0;
  private static final Duration WARMUP_LOAD_DURATION = Duration.ofSeconds(15);

  /** The settings of one run. */
  public record Options(
      List<Double> loads,
      List<Double> eosLoads,
      List<Provider> providers,
      int concurrency,
      int rounds,
      long backlog,
      long warmup,
      Duration window,
      Duration commitInterval,
      Duration latencyWarmup,
      Duration latencyDuration,
      int partitions,
      int directCalls,
      Duration timeout,
      double assumedMax,
      Duration warmupTime,
      double jitQuiet,
      Duration routerLinger) {
    public Options {
      if (routerLinger != null && routerLinger.isNegative()) {
        throw new IllegalArgumentException(
            "--router-linger must be 0 or more, was " + routerLinger.toMillis() + " ms");
      }
      WarmUp.check(warmupTime, jitQuiet);
      if (!(assumedMax >= 0) || Double.isInfinite(assumedMax)) {
        throw new IllegalArgumentException(
            "--assume-max is invocations per second, 0 (measure it) or more; was " + assumedMax);
      }
      loads = List.copyOf(loads);
      eosLoads = List.copyOf(eosLoads);
      providers = List.copyOf(providers);
      for (double l : loads) {
        check(l);
      }
      for (double l : eosLoads) {
        check(l);
      }
      if (providers.isEmpty()) {
        throw new IllegalArgumentException("--providers needs at least one provider");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
      }
      if (warmup >= backlog) {
        throw new IllegalArgumentException("--warmup-records must be smaller than --backlog");
      }
    }

    private static void check(double load) {
      if (!(load > 0 && load < 1)) {
        throw new IllegalArgumentException(
            "loads are fractions of the maximum rate between 0 and 1, was " + load);
      }
    }
  }

  private PipelineBenchmark() {}

  public static Report run(BenchCluster cluster, Options o) throws InterruptedException {
    BenchRun run = new BenchRun(NAME, "Pipeline overhead (`fiso bench " + NAME + "`)", cluster);
    Report report = run.report();
    try (CloudEmulators emulators = CloudEmulators.start()) {
      report.environment("cloud emulators", "devstack emulators of the three clouds, in this JVM");
      emulators.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).reset();
      emulators.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).reset();
      emulators.gcp().faults(GcpFunctionsEmulator.SAMPLE_FUNCTION).reset();
      String runId = Runs.newTag("p");
      TopicCatalog shared = TopicCatalog.DEFAULT.withPrefix(runId + ".");
      cluster.createTopics(
          List.of(
              shared.policies(), shared.prices(), shared.providerStats(), shared.budgetStatus()));
      List<FunctionTarget> targets = new ArrayList<>();
      for (Provider p : o.providers()) {
        targets.add(target(emulators, p));
      }
      AvroSerializer<RoutingPolicy> policies =
          new AvroSerializer<>(cluster.registry(), false, true);
      String policyTopic = shared.policies().name();
      cluster.preload(
          policyTopic,
          1,
          i ->
              new OpenLoop.Prepared(
                  "*".getBytes(StandardCharsets.UTF_8),
                  policies.serialize(policyTopic, policy(targets))));
      AvroSerializer<InvocationRequest> requests =
          new AvroSerializer<>(cluster.registry(), false, true);
      Instant now = Instant.now();
      String input = runId + ".input";
      cluster.createTopics(Map.of(input, o.partitions()), Map.of());
      cluster.preload(
          input,
          o.backlog(),
          i -> {
            String key = OpenLoop.key("b", i);
            return new OpenLoop.Prepared(
                key.getBytes(StandardCharsets.UTF_8), requests.serialize(input, request(key, now)));
          });
      settings(report, o);

      List<PipelineScenario> scenarios = new ArrayList<>();
      for (Guarantee g : List.of(Guarantee.ALOS, Guarantee.EOS)) {
        if ((g == Guarantee.ALOS ? o.loads() : o.eosLoads()).isEmpty()) {
          continue;
        }
        scenarios.add(
            new PipelineScenario(
                cluster,
                g,
                o.commitInterval(),
                shared,
                o.providers(),
                o.concurrency(),
                emulators.workerEnvironment(),
                o.routerLinger()));
      }
      BiFunction<String, Long, byte[]> latencyRecord =
          (key, seq) -> requests.serialize("pipeline-latency", request(key, now));
      warmUp(cluster, scenarios, input, o, latencyRecord, report);
      // measured warm, like the pipeline: cold, the JIT's work would be subtracted from FISO's
      Latencies direct = direct(emulators, o, targets);
      run.latencies(DIRECT, "latency", direct);
      for (int round = 1; o.assumedMax() == 0 && round <= o.rounds(); round++) {
        log.info("Maximum rate, round {} of {}", round, o.rounds());
        for (PipelineScenario s : scenarios) {
          Drain.Result r =
              Runs.drain(
                  cluster,
                  s,
                  input,
                  new Runs.DrainSettings(o.backlog(), o.warmup(), o.window(), o.timeout()));
          run.sample(s.name(), THROUGHPUT, "invocations/s", r.perSecond());
        }
      }
      if (o.assumedMax() == 0) {
        for (PipelineScenario s : scenarios) {
          double sustained =
              sustainableRate(
                  cluster, s, run.figure(s.name(), THROUGHPUT).median(), o, latencyRecord);
          run.sample(s.name(), SUSTAINABLE, "invocations/s", sustained);
        }
      }
      Runs.LoadSettings load =
          new Runs.LoadSettings(
              o.partitions(), o.latencyWarmup(), o.latencyDuration(), o.timeout());
      for (int round = 1; round <= o.rounds(); round++) {
        log.info("Latency, round {} of {}", round, o.rounds());
        for (PipelineScenario s : scenarios) {
          double max =
              o.assumedMax() > 0 ? o.assumedMax() : run.figure(s.name(), SUSTAINABLE).median();
          for (double fraction : s.guarantee() == Guarantee.ALOS ? o.loads() : o.eosLoads()) {
            Runs.LoadResult r = Runs.openLoop(cluster, s, max * fraction, load, latencyRecord);
            String prefix = String.format(Locale.ROOT, "at %.0f%% of max", fraction * 100);
            run.latencies(s.name(), prefix + ": latency", r.latencies());
            List<Double> p = r.latencies().values();
            List<Double> d = direct.values();
            for (int i = 0; i < p.size(); i++) {
              run.sample(
                  s.name(),
                  prefix + ": FISO added " + Latencies.LABELS.get(i),
                  "ms",
                  p.get(i) - d.get(i));
            }
            run.sample(s.name(), prefix + ": sender's max lag", "ms", r.maxSenderLateMs());
            run.sample(
                s.name(), prefix + ": CPU busy, whole machine", "%", r.cpu().machineBusy() * 100);
            run.sample(
                s.name(), prefix + ": CPU used by this JVM", "%", r.cpu().thisProcess() * 100);
            run.sample(s.name(), prefix + ": JIT compiling", "ms/s", r.jitMillisPerSecond());
            for (Map.Entry<String, Latencies> stage : r.stages().entrySet()) {
              run.sample(
                  s.name(), prefix + ": " + stage.getKey() + " p50", "ms", stage.getValue().p50());
              run.sample(
                  s.name(), prefix + ": " + stage.getKey() + " p99", "ms", stage.getValue().p99());
            }
          }
        }
      }
      goal(run, report);
    }
    return run.finish();
  }

  /**
   * Untimed rounds before anything is measured: a drain of each scenario, then open-loop load at
   * half its rate; repeated until {@code o.warmupTime()} has passed and the JIT compiled no more
   * than {@code o.jitQuiet()} ms per s over the last round, or {@link WarmUp#LIMIT} has passed. In
   * this one JVM the JIT compiles the broker's, the clients', the SDKs' and FISO's paths for
   * minutes (a whole core and more for the first two, on two cores), and a measurement taken
   * meanwhile measures the compiler as much as the pipeline: at 150 invocations/s the p99 fell from
   * 61 to 36 to 22 ms as the compilation rate fell from 1,007 to 786 to 259 ms per s.
   */
  private static void warmUp(
      BenchCluster cluster,
      List<PipelineScenario> scenarios,
      String input,
      Options o,
      BiFunction<String, Long, byte[]> latencyRecord,
      Report report)
      throws InterruptedException {
    WarmUp.Result done =
        WarmUp.run(
            o.warmupTime(),
            o.jitQuiet(),
            round -> {
              for (PipelineScenario s : scenarios) {
                log.info("JVM warm-up round {}: {}", round, s.name());
                Drain.Result r =
                    Runs.drain(
                        cluster,
                        s,
                        input,
                        new Runs.DrainSettings(o.backlog(), o.warmup(), o.window(), o.timeout()));
                double max = o.assumedMax() > 0 ? o.assumedMax() : r.perSecond();
                if (max > 1) {
                  Runs.openLoop(
                      cluster,
                      s,
                      max * 0.5,
                      new Runs.LoadSettings(
                          o.partitions(), Duration.ZERO, WARMUP_LOAD_DURATION, o.timeout()),
                      latencyRecord);
                }
              }
            });
    report.setting(
        "JVM warm-up",
        String.format(
            Locale.ROOT,
            "%d untimed round(s), %d s: per scenario a drain and %d s of load at half its rate,"
                + " until --warmup-time %d s had passed and the JIT compiled at most --jit-quiet"
                + " %.0f ms per s over a round (last round: %.0f ms per s; limit %d s); each"
                + " latency figure's own JIT rate is in its rows",
            done.rounds(),
            done.seconds(),
            WARMUP_LOAD_DURATION.toSeconds(),
            o.warmupTime().toSeconds(),
            o.jitQuiet(),
            done.compiling(),
            Math.max(o.warmupTime().toSeconds(), WarmUp.LIMIT.toSeconds())));
  }

  /**
   * The highest open-loop rate at which {@code s} keeps up (see {@link Runs.LoadResult#keptUp}):
   * probes of {@link #PROBE_DURATION} start at 70% of the drain's rate {@code drained} and step
   * down by 30% until one keeps up, then halve the interval between the highest rate that kept up
   * and the lowest that did not, {@link #PROBES} probes in all. A drain batches at every stage; a
   * steady stream of invocations costs several times more CPU each (every one wakes every stage and
   * makes its own broker requests), so the drain's rate is only an upper bound.
   */
  private static double sustainableRate(
      BenchCluster cluster,
      PipelineScenario s,
      double drained,
      Options o,
      BiFunction<String, Long, byte[]> latencyRecord)
      throws InterruptedException {
    Runs.LoadSettings probe =
        new Runs.LoadSettings(o.partitions(), Duration.ofSeconds(2), PROBE_DURATION, o.timeout());
    double keptUp = 0;
    double fellBehind = drained;
    double rate = drained * 0.7;
    for (int i = 1; i <= PROBES; i++) {
      Runs.LoadResult r = Runs.openLoop(cluster, s, rate, probe, latencyRecord);
      boolean kept = r.keptUp(KEEP_UP_SECONDS);
      log.info(
          "{}: probe {} of {} at {} invocations/s {} ({} of {} still on their way when the last"
              + " was sent; p50 {} ms)",
          s.name(),
          i,
          PROBES,
          Math.round(rate),
          kept ? "kept up" : "fell behind",
          r.outstandingAtEnd(),
          r.sent(),
          r.latencies().p50());
      if (kept) {
        keptUp = rate;
      } else {
        fellBehind = rate;
      }
      rate = nextProbe(keptUp, fellBehind);
    }
    if (keptUp == 0) {
      log.warn(
          "{} kept up with none of the probed rates (the lowest {} invocations/s); taking that",
          s.name(),
          Math.round(fellBehind));
      return fellBehind;
    }
    return keptUp;
  }

  /**
   * The next probe's rate: 70% of the lowest rate that fell behind while none kept up, else the
   * middle between the highest that kept up and the lowest that fell behind.
   */
  static double nextProbe(double keptUp, double fellBehind) {
    return keptUp == 0 ? fellBehind * 0.7 : (keptUp + fellBehind) / 2;
  }

  private static void goal(BenchRun run, Report report) {
    Figure added =
        run.figure(
            "pipeline (router " + Guarantee.ALOS + " + workers)", "at 50% of max: FISO added p99");
    if (added == null) {
      return;
    }
    report.note(
        String.format(
            Locale.ROOT,
            "Goal: FISO's added latency p99 ≤ %.0f ms at half the maximum rate, at-least-once"
                + " router: %.1f ms, %s.",
            ADDED_P99_GOAL_MS,
            added.median(),
            added.median() <= ADDED_P99_GOAL_MS ? "met" : "not met"));
  }

  /** The same functions called directly through the same clients, one call at a time. */
  private static Latencies direct(CloudEmulators emulators, Options o, List<FunctionTarget> targets)
      throws InterruptedException {
    Histogram micros = Latencies.newHistogram();
    for (FunctionTarget t : targets) {
      try (Invoker invoker =
          Invokers.fromEnv(
              t.getProvider(), emulators.workerEnvironment(), 16, Duration.ofSeconds(30))) {
        for (int i = 0; i < o.directCalls() + 50; i++) {
          long start = System.nanoTime();
          CallOutcome outcome = call(invoker, t, "direct-" + i);
          long micros1 = (System.nanoTime() - start) / 1000;
          if (outcome.kind() != CallOutcome.Kind.SUCCEEDED) {
            throw new IllegalStateException(
                "direct call to " + t.getProvider() + " failed: " + outcome);
          }
          if (i >= 50) {
            micros.recordValue(Math.max(1, micros1));
          }
        }
      }
    }
    Latencies l = Latencies.of(micros);
    log.info("Direct in-process call: p50 {} ms, p99 {} ms", l.p50(), l.p99());
    return l;
  }

  /**
   * A synchronous call of the emulators' sample function, as the direct baselines make it (also
   * bench/scripts/DirectCalls.java).
   */
  public static Call sampleCall(FunctionTarget target, String id) {
    return new Call(
        id,
        "fiso-sample",
        target,
        InvocationMode.SYNC,
        "{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8),
        "application/json",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        Duration.ofSeconds(30));
  }

  private static CallOutcome call(Invoker invoker, FunctionTarget target, String id)
      throws InterruptedException {
    Call call = sampleCall(target, id);
    try {
      return invoker.invoke(call).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("direct call to " + target.getProvider() + " failed", e);
    }
  }

  /** One policy {@code *} over the targets (PINNED for one, WEIGHTED for several). */
  public static RoutingPolicy policy(List<FunctionTarget> targets) {
    return RoutingPolicy.newBuilder()
        .setFunction("*")
        .setName("bench-pipeline")
        .setActive(true)
        .setStrategy(targets.size() == 1 ? RoutingStrategy.PINNED : RoutingStrategy.WEIGHTED)
        .setTargets(targets)
        .setVersion(1)
        .setUpdatedAt(Instant.now())
        .build();
  }

  /** The invocation every pipeline run sends: the sample function, a small JSON payload. */
  public static InvocationRequest request(String id, Instant now) {
    return InvocationRequest.newBuilder()
        .setInvocationId(id)
        .setFunction("fiso-sample")
        .setPayload(ByteBuffer.wrap("{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8)))
        .setContentType("application/json")
        .setMode(InvocationMode.SYNC)
        .setLabels(Map.of("team", "bench"))
        .setRequestedAt(now)
        .build();
  }

  /** The emulator's sample function of provider {@code p}. */
  public static FunctionTarget target(CloudEmulators e, Provider p) {
    return switch (p) {
      case AWS -> e.awsTarget();
      case AZURE -> e.azureTarget();
      case GCP -> e.gcpTarget();
    };
  }

  static void settings(Report report, Options o) {
    report
        .setting(
            "providers",
            String.join(", ", o.providers().stream().map(String::valueOf).toList())
                + (o.providers().size() > 1 ? " (one policy '*', WEIGHTED)" : " (PINNED)"))
        .setting("function", "the mcal sample function in the devstack emulators, no added time")
        .setting(
            "sun.net.httpserver.nodelay",
            System.getProperty("sun.net.httpserver.nodelay", "false")
                + " (the emulators' HTTP server; false adds ~40 ms to every call)")
        .setting("worker concurrency", o.concurrency() + " per provider")
        .setting("router commit interval", o.commitInterval().toMillis() + " ms")
        .setting(
            "router linger",
            o.routerLinger() == null
                ? "the router's default (1 ms at-least-once, 5 ms exactly-once)"
                : o.routerLinger().toMillis() + " ms (--router-linger)")
        .setting("rounds (runs per figure)", o.rounds())
        .setting(
            "maximum rate",
            o.assumedMax() > 0
                ? "not measured: taken as "
                    + Math.round(o.assumedMax())
                    + " invocations/s for both guarantees (--assume-max), so that runs load the"
                    + " pipeline alike"
                : "drain of a "
                    + o.backlog()
                    + "-invocation backlog, results read back, "
                    + o.warmup()
                    + " warm-up results excluded, "
                    + o.window().toMillis()
                    + " ms window")
        .setting(
            SUSTAINABLE,
            o.assumedMax() > 0
                ? "not measured (--assume-max)"
                : "the highest open-loop rate that kept up: "
                    + PROBES
                    + " probes of "
                    + PROBE_DURATION.toSeconds()
                    + " s (2 s warm-up) from 70% of the drain's median down by 30% steps, then"
                    + " halving the interval; kept up = every result came back and at most "
                    + KEEP_UP_SECONDS
                    + " s of the rate was still on its way when the last invocation was sent")
        .setting(
            "latency",
            "open-loop at "
                + o.loads()
                + " (ALOS) and "
                + o.eosLoads()
                + " (EOS) of the maximum sustainable rate (or --assume-max); "
                + o.latencyWarmup().toMillis()
                + " ms warm-up excluded, "
                + o.latencyDuration().toMillis()
                + " ms measured; from intended send time to the result read back")
        .setting(
            "baseline",
            o.directCalls()
                + " sequential direct calls per provider through the same clients, after 50"
                + " untimed ones; FISO added = pipeline percentile - direct-call percentile");
  }
}
