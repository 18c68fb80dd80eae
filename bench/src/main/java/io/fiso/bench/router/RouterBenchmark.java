package io.fiso.bench.router;

import io.fiso.avro.RoutingStrategy;
import io.fiso.bench.baseline.Baseline;
import io.fiso.bench.baseline.PlainPassthrough;
import io.fiso.bench.baseline.StreamsPassthrough;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.BenchRun;
import io.fiso.bench.harness.Drain;
import io.fiso.bench.harness.Figure;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.OpenLoop;
import io.fiso.bench.harness.Ratio;
import io.fiso.bench.harness.Report;
import io.fiso.bench.harness.Runs;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.ThreadCpu;
import io.fiso.router.RouterApp;
import io.fiso.router.RouterConfig;
import io.fiso.schemas.topic.TopicCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 1: records per second through the router, against a plain consume→produce loop and a
 * Kafka Streams passthrough on the same broker, with the same records, in the same run; at-least-
 * once and exactly-once; with several policy counts. Optionally, latency at a fraction of each
 * scenario's measured maximum, open-loop.
 */
public final class RouterBenchmark {

  private static final Logger log = LoggerFactory.getLogger(RouterBenchmark.class);

  public static final String NAME = "router";
  static final String THROUGHPUT = "throughput";
  static final String RECORDS_PER_S = "records/s";

  /** Goals of issue 8, on the machine the figures come from. */
  static final double ROUTER_VS_PLAIN_GOAL = 0.8;

  static final double EOS_VS_ALOS_GOAL = 0.9;

  /**
   * The settings of one run of the benchmark.
   *
   * @param systems which of {@code plain}, {@code streams}, {@code router} run
   * @param latencyLoad latency runs send at this fraction of each scenario's measured maximum; 0 =
   *     no latency runs
   */
  public record Options(
      List<Integer> policies,
      List<Guarantee> guarantees,
      Set<String> systems,
      int rounds,
      long backlog,
      long baselineBacklog,
      long warmup,
      Duration warmupTime,
      Duration window,
      Duration commitInterval,
      Duration linger,
      int partitions,
      int threads,
      int payloadBytes,
      RoutingStrategy strategy,
      double latencyLoad,
      Duration latencyWarmup,
      Duration latencyDuration,
      Duration timeout,
      boolean baselinesLikeRouter,
      boolean sizedBaselines,
      double statsRate,
      double budgetRate) {

    /** The linger of every system under {@code g}: --linger, else the router's default. */
    public Duration linger(Guarantee g) {
      return linger != null ? linger : RouterConfig.defaultLinger(g.router());
    }

    public Options {
      policies = List.copyOf(policies);
      guarantees = List.copyOf(guarantees);
      systems = Set.copyOf(systems);
      if (policies.isEmpty() || guarantees.isEmpty() || systems.isEmpty()) {
        throw new IllegalArgumentException(
            "--policies, --guarantees and --systems each need at least one value");
      }
      for (String s : systems) {
        if (!Set.of("plain", "streams", "router").contains(s)) {
          throw new IllegalArgumentException(
              "--systems: unknown system '" + s + "'; use plain, streams, router");
        }
      }
      if (warmup >= Math.min(backlog, baselineBacklog)) {
        throw new IllegalArgumentException(
            "--warmup-records ("
                + warmup
                + ") must be smaller than --backlog and --baseline-backlog");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
      }
      if (systems.contains("plain")) {
        PlainPassthrough.requireAPartitionPerLoop(
            threads, partitions, "the input topic (--partitions)");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
      }
      if (warmupTime.isNegative()) {
        throw new IllegalArgumentException(
            "--warmup-time must be 0 or more, was " + warmupTime.toMillis() + " ms");
      }
      requireRate("--stats-rate", "statistics", statsRate);
      requireRate("--budget-rate", "budget status", budgetRate);
      if (latencyLoad < 0 || latencyLoad >= 1) {
        throw new IllegalArgumentException(
            "--latency-load is a fraction of the maximum rate, 0 (off) to below 1; was "
                + latencyLoad);
      }
    }
  }

  private static void requireRate(String option, String records, double perSecond) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          option + " is " + records + " records per second, 0 (off) or more; was " + perSecond);
    }
  }

  private RouterBenchmark() {}

  /**
   * This JVM's CPU time per record of one run, split by role: on two cores shared with the broker,
   * a system's throughput follows the CPU all of them spend per record, not its own threads' alone.
   */
  private static void sampleCpu(BenchRun run, String scenario, Drain.Result r) {
    double[] byRole = r.cpuByRole();
    if (byRole == null) {
      return;
    }
    double total = 0;
    for (int i = 0; i < byRole.length; i++) {
      run.sample(scenario, CPU_PER_RECORD + ": " + ThreadCpu.ROLES[i], "µs", byRole[i]);
      total += byRole[i];
    }
    run.sample(scenario, CPU_PER_RECORD + ": this JVM", "µs", total);
  }

  static final String CPU_PER_RECORD = "CPU per record";

  /** The report's "router-sized baselines" setting, for baselines appending {@code decision}. */
  static String sizedBaselines(byte[] decision) {
    return "each baseline also runs appending "
        + decision.length
        + " bytes (the Avro bytes of the router's decision for the first function) to every"
        + " record it writes";
  }

  public static Report run(BenchCluster cluster, Options o) throws InterruptedException {
    BenchRun run = new BenchRun(NAME, "Router throughput (`fiso bench " + NAME + "`)", cluster);
    Report report = run.report();
    settings(report, o);
    report.setting(
        "max.task.idle.ms (router, Kafka Streams passthrough)",
        cluster.clientProps().containsKey("max.task.idle.ms")
            ? cluster.clientProps().get("max.task.idle.ms") + " (--client-property)"
            : "-1 (the router's default; every task reads one partition)");

    String runId = Runs.newTag("r");
    Map<Integer, String> inputs = new LinkedHashMap<>();
    Map<Integer, TopicCatalog> shared = new LinkedHashMap<>();
    Map<Integer, InvocationWorkload> workloads = new LinkedHashMap<>();
    for (int p : o.policies()) {
      TopicCatalog catalog = TopicCatalog.DEFAULT.withPrefix(runId + ".p" + p + ".");
      InvocationWorkload workload =
          new InvocationWorkload(cluster.registry(), p, o.strategy(), o.payloadBytes());
      String input = runId + ".p" + p + ".input";
      if (o.systems().contains("router")) {
        cluster.createTopics(
            List.of(
                catalog.policies(),
                catalog.prices(),
                catalog.providerStats(),
                catalog.budgetStatus()));
        String topic = catalog.policies().name();
        cluster.preload(
            topic,
            p,
            i ->
                new OpenLoop.Prepared(
                    InvocationWorkload.function(i)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    workload.policy(topic, i)));
      }
      long t0 = System.nanoTime();
      // The first backlog also feeds the baselines, which drain much faster: it is larger.
      long backlog = inputs.isEmpty() ? Math.max(o.backlog(), o.baselineBacklog()) : o.backlog();
      cluster.createTopics(Map.of(input, o.partitions()), Map.of());
      cluster.preload(
          input,
          backlog,
          i -> {
            String key = OpenLoop.key("b", i);
            return new OpenLoop.Prepared(
                key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                workload.request(input, key, i));
          });
      log.info(
          "Backlog of {} invocations over {} functions written to {} in {} ms",
          backlog,
          p,
          input,
          (System.nanoTime() - t0) / 1_000_000);
      inputs.put(p, input);
      shared.put(p, catalog);
      workloads.put(p, workload);
      if (!o.systems().contains("router")) {
        break; // the baselines need one backlog only
      }
    }
    int baselinePolicies = o.policies().get(0);
    report.setting(
        "record size",
        workloads.get(baselinePolicies).request("x", OpenLoop.key("b", 0), 0).length
            + " bytes value (Avro, Confluent wire format), key b-<sequence number>");

    // The router batches and compresses its output (RouterApp's producer defaults); the baselines
    // get the same producer settings unless told to keep Kafka's defaults.
    Map<String, Object> baselineProducer = new LinkedHashMap<>();
    if (o.baselinesLikeRouter()) {
      RouterApp.streamsProperties(RouterConfig.defaults(cluster.registry()))
          .forEach(
              (k, v) -> {
                String key = String.valueOf(k);
                if (key.startsWith("producer.") && !key.equals("producer.linger.ms")) {
                  baselineProducer.put(key.substring("producer.".length()), v);
                }
              });
    }
    report.setting(
        "baselines' producer",
        baselineProducer.isEmpty()
            ? "Kafka's defaults (plus the linger above)"
            : "the router's defaults " + baselineProducer + " (plus the linger above)");

    // Scenarios, each with the backlog it drains.
    List<Scenario> scenarios = new ArrayList<>();
    Map<Scenario, String> inputOf = new LinkedHashMap<>();
    Map<Scenario, Integer> policiesOf = new LinkedHashMap<>();
    List<byte[]> suffixes = new ArrayList<>();
    suffixes.add(new byte[0]);
    if (o.sizedBaselines()) {
      // The same baselines writing as many bytes per record as the router: the request as read and
      // the bytes of the decision the router makes for it. What is left between them and the
      // router is the router's own work, not the size of what it writes.
      byte[] decision =
          workloads.get(baselinePolicies).decisionBytes(RouterConfig.defaults(cluster.registry()));
      suffixes.add(decision);
      report.setting("router-sized baselines", sizedBaselines(decision));
    }
    for (byte[] suffix : suffixes) {
      for (Guarantee g : o.guarantees()) {
        Baseline baseline =
            Baseline.of(
                    cluster, g, o.commitInterval(), o.linger(g), o.partitions(), baselineProducer)
                .withThreads(o.threads())
                .withSuffix(suffix);
        if (o.systems().contains("plain")) {
          add(scenarios, inputOf, new PlainPassthrough(baseline), inputs.get(baselinePolicies));
        }
        if (o.systems().contains("streams")) {
          add(scenarios, inputOf, new StreamsPassthrough(baseline), inputs.get(baselinePolicies));
        }
      }
    }
    if (o.systems().contains("router")) {
      for (int p : o.policies()) {
        for (Guarantee g : o.guarantees()) {
          RouterScenario s =
              new RouterScenario(
                  cluster,
                  g,
                  o.commitInterval(),
                  o.linger(g),
                  p,
                  shared.get(p),
                  o.partitions(),
                  o.threads());
          add(scenarios, inputOf, s, inputs.get(p));
          policiesOf.put(s, p);
        }
      }
    }

    // Untimed rounds of every scenario first, for --warmup-time: the JIT compiles the hot paths
    // of the broker, the clients and each system here, not in the measured rounds. One drain of
    // each kind was not enough on two cores: the rounds after it kept climbing for about a minute
    // (plain passthrough 505,000 -> 1,220,000 records/s, router 169,000 -> 402,000 over eight
    // rounds), C2 compiling all the while. Every policy count is warmed: with many policies most
    // records take the full path (decode, decide, encode, check), which one policy leaves cold.
    long warmupEnd = System.nanoTime() + o.warmupTime().toNanos();
    int warmupRound = 0;
    do {
      warmupRound++;
      log.info(
          "JVM warm-up round {} (until {} ms have passed)", warmupRound, o.warmupTime().toMillis());
      for (Scenario s : scenarios) {
        try (StateFeeds feeds = feeds(cluster, o, s, shared, workloads)) {
          Runs.drain(cluster, s, inputOf.get(s), drainSettings(o, s, o.window()));
        }
      }
    } while (System.nanoTime() < warmupEnd);
    report.setting(
        "JVM warm-up",
        warmupRound
            + " untimed round(s) of every scenario before the measured ones (--warmup-time "
            + o.warmupTime().toMillis()
            + " ms)");
    for (int round = 1; round <= o.rounds(); round++) {
      log.info("Throughput round {} of {}", round, o.rounds());
      for (Scenario s : scenarios) {
        Drain.Result r;
        try (StateFeeds feeds = feeds(cluster, o, s, shared, workloads)) {
          r = Runs.drain(cluster, s, inputOf.get(s), drainSettings(o, s, o.window()));
        }
        run.sample(s.name(), THROUGHPUT, RECORDS_PER_S, r.perSecond());
        sampleCpu(run, s.name(), r);
      }
    }

    if (o.latencyLoad() > 0) {
      Runs.LoadSettings load =
          new Runs.LoadSettings(
              o.partitions(), o.latencyWarmup(), o.latencyDuration(), o.timeout());
      for (int round = 1; round <= o.rounds(); round++) {
        log.info("Latency round {} of {}", round, o.rounds());
        for (Scenario s : scenarios) {
          double max = run.figure(s.name(), THROUGHPUT).median();
          double rate = max * o.latencyLoad();
          InvocationWorkload w = workloads.get(policiesOf.getOrDefault(s, baselinePolicies));
          Runs.LoadResult r =
              Runs.openLoop(cluster, s, rate, load, (key, seq) -> w.request("latency", key, seq));
          String prefix =
              String.format(
                  java.util.Locale.ROOT, "latency at %.0f%% of max", o.latencyLoad() * 100);
          run.latencies(s.name(), prefix, r.latencies());
          run.sample(s.name(), prefix + ": rate", RECORDS_PER_S, rate);
          // When the sender itself falls behind its schedule, the machine cannot even generate
          // the load: the latencies then include the generator's lag.
          run.sample(s.name(), prefix + ": sender's max lag", "ms", r.maxSenderLateMs());
          run.sample(
              s.name(), prefix + ": records not read back", "records", r.sent() - r.received());
        }
      }
    }

    ratios(run, scenarios, o);
    return run.finish();
  }

  /** The state feeds of one drain. */
  private record StateFeeds(List<StateFeed> feeds) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      for (StateFeed f : feeds) {
        f.close();
      }
    }
  }

  /** A router's drain gets the --stats-rate and --budget-rate feeds; the baselines none. */
  private static StateFeeds feeds(
      BenchCluster cluster,
      Options o,
      Scenario s,
      Map<Integer, TopicCatalog> shared,
      Map<Integer, InvocationWorkload> workloads) {
    List<StateFeed> feeds = new ArrayList<>();
    if (s instanceof RouterScenario r) {
      TopicCatalog topics = shared.get(r.policies());
      InvocationWorkload w = workloads.get(r.policies());
      if (o.statsRate() > 0) {
        feeds.add(
            StateFeed.start(
                cluster, topics.providerStats().name(), StateFeed.stats(w), o.statsRate()));
      }
      if (o.budgetRate() > 0) {
        feeds.add(
            StateFeed.start(
                cluster, topics.budgetStatus().name(), StateFeed.budgets(w), o.budgetRate()));
      }
    }
    return new StateFeeds(feeds);
  }

  private static Runs.DrainSettings drainSettings(Options o, Scenario s, Duration window) {
    long backlog =
        s instanceof RouterScenario r && r.policies() != o.policies().get(0)
            ? o.backlog()
            : Math.max(o.backlog(), o.baselineBacklog());
    return new Runs.DrainSettings(backlog, o.warmup(), window, o.timeout());
  }

  private static void add(
      List<Scenario> scenarios, Map<Scenario, String> inputOf, Scenario s, String input) {
    scenarios.add(s);
    inputOf.put(s, input);
  }

  private static void ratios(BenchRun run, List<Scenario> scenarios, Options o) {
    Report report = run.report();
    Map<Guarantee, Figure> plain = new LinkedHashMap<>();
    Map<Guarantee, Figure> streams = new LinkedHashMap<>();
    Map<Guarantee, Figure> plainSized = new LinkedHashMap<>();
    Map<Guarantee, Figure> streamsSized = new LinkedHashMap<>();
    for (Scenario s : scenarios) {
      if (s instanceof PlainPassthrough p) {
        (p.suffixBytes() == 0 ? plain : plainSized)
            .put(p.guarantee(), run.figure(s.name(), THROUGHPUT));
      } else if (s instanceof StreamsPassthrough p) {
        (p.suffixBytes() == 0 ? streams : streamsSized)
            .put(p.guarantee(), run.figure(s.name(), THROUGHPUT));
      }
    }
    for (Guarantee g : o.guarantees()) {
      if (plain.containsKey(g) && streams.containsKey(g)) {
        report.ratio(
            Ratio.of(
                "Kafka Streams passthrough / plain passthrough, " + g,
                streams.get(g),
                plain.get(g),
                Double.NaN));
      }
    }
    if (plain.containsKey(Guarantee.EOS) && plain.containsKey(Guarantee.ALOS)) {
      report.ratio(
          Ratio.of(
              "plain passthrough EOS / ALOS",
              plain.get(Guarantee.EOS),
              plain.get(Guarantee.ALOS),
              Double.NaN));
    }
    if (streams.containsKey(Guarantee.EOS) && streams.containsKey(Guarantee.ALOS)) {
      report.ratio(
          Ratio.of(
              "Kafka Streams passthrough EOS / ALOS",
              streams.get(Guarantee.EOS),
              streams.get(Guarantee.ALOS),
              Double.NaN));
    }
    Map<String, Map<Guarantee, Figure>> baselines = new LinkedHashMap<>();
    baselines.put("plain passthrough", plain);
    baselines.put("Kafka Streams passthrough", streams);
    baselines.put("plain passthrough writing router-sized records", plainSized);
    baselines.put("Kafka Streams passthrough writing router-sized records", streamsSized);
    for (int p : o.policies()) {
      Map<Guarantee, Figure> router = new LinkedHashMap<>();
      for (Scenario s : scenarios) {
        if (s instanceof RouterScenario r && r.policies() == p) {
          router.put(r.guarantee(), run.figure(s.name(), THROUGHPUT));
        }
      }
      String pol = p + (p == 1 ? " policy" : " policies");
      for (Guarantee g : o.guarantees()) {
        for (Map.Entry<String, Map<Guarantee, Figure>> b : baselines.entrySet()) {
          if (router.containsKey(g) && b.getValue().containsKey(g)) {
            report.ratio(
                Ratio.of(
                    "router / " + b.getKey() + ", " + g + ", " + pol,
                    router.get(g),
                    b.getValue().get(g),
                    b.getValue() == plain && g == Guarantee.ALOS
                        ? ROUTER_VS_PLAIN_GOAL
                        : Double.NaN));
          }
        }
      }
      if (router.containsKey(Guarantee.EOS) && router.containsKey(Guarantee.ALOS)) {
        report.ratio(
            Ratio.of(
                "router EOS / ALOS, " + pol,
                router.get(Guarantee.EOS),
                router.get(Guarantee.ALOS),
                EOS_VS_ALOS_GOAL));
      }
    }
  }

  private static String join(List<?> values) {
    return String.join(", ", values.stream().map(String::valueOf).toList());
  }

  private static void settings(Report report, Options o) {
    report
        .setting("systems", String.join(", ", o.systems().stream().sorted().toList()))
        .setting("processing guarantees", join(o.guarantees()))
        .setting("policies", join(o.policies()))
        .setting("routing strategy", o.strategy())
        .setting("rounds (runs per figure)", o.rounds())
        .setting(
            "backlog",
            o.baselineBacklog()
                + " records for the baselines (and the router with the first policy count), "
                + o.backlog()
                + " for the other policy counts; written before the runs, read from the start"
                + " by each run")
        .setting("warm-up", o.warmup() + " records per run, excluded")
        .setting("measurement window", o.window().toMillis() + " ms after the warm-up")
        .setting("commit interval", o.commitInterval().toMillis() + " ms (every system)")
        .setting(
            "producer linger",
            o.linger() != null
                ? o.linger().toMillis() + " ms (every system)"
                : "the router's default, "
                    + o.linger(Guarantee.ALOS).toMillis()
                    + " ms at-least-once and "
                    + o.linger(Guarantee.EOS).toMillis()
                    + " ms exactly-once (every system)")
        .setting("partitions", o.partitions() + " input and output partitions")
        .setting(
            "threads",
            o.threads() == 1
                ? "1 (every system is single-threaded: one stream thread, one consumer loop)"
                : o.threads()
                    + " for every system (stream threads; consumer loops of the plain"
                    + " passthrough, each with its own producer)")
        .setting("payload", o.payloadBytes() + " bytes of JSON per invocation")
        .setting(
            "throughput method",
            "each run drains a backlog written before it starts; progress is the input records"
                + " its consumer group committed (sampled every 10 ms); the rate runs from the first"
                + " commit past the warm-up to the last commit inside the window before the backlog"
                + " ran out")
        .setting(
            "statistics updates",
            o.statsRate() > 0
                ? String.format(
                    java.util.Locale.ROOT,
                    "%.0f fiso.provider-stats records/s written during every router drain (each"
                        + " function's targets in turn), as a cost-ingestor writes them",
                    o.statsRate())
                : "none during the drains (--stats-rate 0)")
        .setting(
            "budget status updates",
            o.budgetRate() > 0
                ? String.format(
                    java.util.Locale.ROOT,
                    "%.0f fiso.budget-status records/s (state OK, each function's monthly budget in"
                        + " turn) written during every router drain",
                    o.budgetRate())
                : "none during the drains (--budget-rate 0)")
        .setting(
            "latency",
            o.latencyLoad() > 0
                ? String.format(
                    java.util.Locale.ROOT,
                    "open-loop at %.0f%% of each scenario's median maximum, %d ms warm-up"
                        + " excluded, %d ms measured; from intended send time to read back",
                    o.latencyLoad() * 100,
                    o.latencyWarmup().toMillis(),
                    o.latencyDuration().toMillis())
                : "not measured (--latency-load 0)");
  }
}
