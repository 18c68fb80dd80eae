package io.fiso.bench.costs;

import io.fiso.bench.baseline.Baseline;
import io.fiso.bench.baseline.StreamsPassthrough;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.BenchRun;
import io.fiso.bench.harness.Drain;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.OpenLoop;
import io.fiso.bench.harness.Ratio;
import io.fiso.bench.harness.Report;
import io.fiso.bench.harness.Runs;
import io.fiso.bench.harness.Scenario;
import io.fiso.schemas.topic.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 5: cost events aggregated per second by the cost-ingestor, against a Kafka Streams
 * passthrough of the same events, both measured from their consumer group's committed offsets until
 * the whole backlog went through every stage.
 */
public final class CostIngestorBenchmark {

  private static final Logger log = LoggerFactory.getLogger(CostIngestorBenchmark.class);

  public static final String NAME = "cost-ingestor";
  static final String THROUGHPUT = "throughput";

  /** The settings of one run. */
  public record Options(
      List<Guarantee> guarantees,
      int rounds,
      long backlog,
      long baselineBacklog,
      long warmup,
      Duration window,
      int functions,
      Duration commitInterval,
      Duration linger,
      int partitions,
      Duration timeout) {
    public Options {
      guarantees = List.copyOf(guarantees);
      if (guarantees.isEmpty()) {
        throw new IllegalArgumentException("--guarantees needs at least one value");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
      }
      if (warmup >= Math.min(backlog, baselineBacklog)) {
        throw new IllegalArgumentException(
            "--warmup-records ("
                + warmup
                + ") must be smaller than --backlog and --baseline-backlog");
      }
    }
  }

  private CostIngestorBenchmark() {}

  public static Report run(BenchCluster cluster, Options o) throws InterruptedException {
    BenchRun run =
        new BenchRun(NAME, "Cost-ingestor throughput (`fiso bench " + NAME + "`)", cluster);
    Report report = run.report();
    String runId = Runs.newTag("c");
    TopicCatalog shared = TopicCatalog.DEFAULT.withPrefix(runId + ".");
    CostWorkload workload = new CostWorkload(cluster.registry(), o.functions());
    cluster.createTopics(List.of(shared.prices(), shared.policies()));
    String policies = shared.policies().name();
    cluster.preload(
        policies,
        o.functions(),
        i ->
            new OpenLoop.Prepared(
                CostWorkload.function(i).getBytes(StandardCharsets.UTF_8),
                workload.policy(policies, i)));
    String input = shared.costs().name();
    cluster.createTopics(Map.of(input, o.partitions()), Map.of());
    long t0 = System.nanoTime();
    cluster.preload(
        input,
        o.backlog(),
        i -> {
          String key = OpenLoop.key("b", i);
          return new OpenLoop.Prepared(
              key.getBytes(StandardCharsets.UTF_8), workload.event(input, key, i));
        });
    log.info(
        "Backlog of {} cost events written to {} in {} ms",
        o.backlog(),
        input,
        (System.nanoTime() - t0) / 1_000_000);
    // The passthrough drains far faster: it gets a larger backlog of the same events and is
    // measured over a window by the records it writes, like the router benchmark's baselines.
    String baselineInput = runId + ".passthrough-input";
    cluster.createTopics(Map.of(baselineInput, o.partitions()), Map.of());
    cluster.preload(
        baselineInput,
        o.baselineBacklog(),
        i -> {
          String key = OpenLoop.key("b", i);
          return new OpenLoop.Prepared(
              key.getBytes(StandardCharsets.UTF_8), workload.event(baselineInput, key, i));
        });
    settings(report, o, workload.event("x", OpenLoop.key("b", 0), 0).length);

    List<Scenario> scenarios = new ArrayList<>();
    for (Guarantee g : o.guarantees()) {
      scenarios.add(
          new StreamsPassthrough(
              Baseline.of(cluster, g, o.commitInterval(), o.linger(), o.partitions(), Map.of())));
      scenarios.add(
          new CostIngestorScenario(cluster, g, o.commitInterval(), shared, o.partitions()));
    }
    Runs.DrainSettings drain =
        new Runs.DrainSettings(o.backlog(), o.warmup(), Duration.ZERO, o.timeout());
    Runs.DrainSettings baseline =
        new Runs.DrainSettings(o.baselineBacklog(), o.warmup(), o.window(), o.timeout());
    for (Scenario s : scenarios.subList(0, Math.min(2, scenarios.size()))) {
      log.info("JVM warm-up: {}", s.name());
      if (s instanceof CostIngestorScenario) {
        Runs.drainByGroup(
            cluster,
            s,
            input,
            // The whole backlog: its many code paths (Kafka Streams' stores, windows, caches,
            // repartitions) are still being compiled after a few thousand events, and a run that
            // starts with the compiler busy measures the JIT, not the cost-ingestor.
            new Runs.DrainSettings(o.backlog(), o.warmup(), Duration.ZERO, o.timeout()));
      } else {
        Runs.drain(
            cluster,
            s,
            baselineInput,
            new Runs.DrainSettings(
                o.baselineBacklog(), o.warmup(), Duration.ofMillis(500), o.timeout()));
      }
    }
    for (int round = 1; round <= o.rounds(); round++) {
      log.info("Round {} of {}", round, o.rounds());
      for (Scenario s : scenarios) {
        Drain.Result r =
            s instanceof CostIngestorScenario
                ? Runs.drainByGroup(cluster, s, input, drain)
                : Runs.drain(cluster, s, baselineInput, baseline);
        run.sample(s.name(), THROUGHPUT, "events/s", r.perSecond());
      }
    }
    for (Guarantee g : o.guarantees()) {
      var ingestor = run.figure("cost-ingestor, " + g, THROUGHPUT);
      var passthrough = run.figure("Kafka Streams passthrough, " + g, THROUGHPUT);
      if (ingestor != null && passthrough != null) {
        report.ratio(
            Ratio.of(
                "cost-ingestor / Kafka Streams passthrough, " + g,
                ingestor,
                passthrough,
                Double.NaN));
      }
    }
    if (o.guarantees().size() == 2) {
      var eos = run.figure("cost-ingestor, " + Guarantee.EOS, THROUGHPUT);
      var alos = run.figure("cost-ingestor, " + Guarantee.ALOS, THROUGHPUT);
      report.ratio(Ratio.of("cost-ingestor EOS / ALOS", eos, alos, Double.NaN));
    }
    return run.finish();
  }

  private static void settings(Report report, Options o, int eventBytes) {
    report
        .setting(
            "processing guarantees",
            String.join(", ", o.guarantees().stream().map(String::valueOf).toList()))
        .setting("rounds (runs per figure)", o.rounds())
        .setting(
            "backlog",
            o.backlog()
                + " cost events for the cost-ingestor, "
                + o.baselineBacklog()
                + " of the same events for the passthrough; written before the runs, read from"
                + " the start by each run")
        .setting("event size", eventBytes + " bytes (Avro, Confluent wire format)")
        .setting(
            "functions",
            o.functions() + ", each with a policy holding a monthly budget; 3 providers")
        .setting(
            "warm-up",
            o.warmup()
                + " events per run, excluded; one untimed run per system first (the cost-ingestor's"
                + " over the whole backlog)")
        .setting("commit interval", o.commitInterval().toMillis() + " ms")
        .setting("partitions", o.partitions() + " (input, outputs and repartition topics)")
        .setting("stream threads", "1")
        .setting(
            "method",
            "cost-ingestor: events/s from the moment the warm-up is committed until the whole"
                + " backlog is committed and every repartition topic consumed to its end"
                + " (consumer group offsets, sampled every 20 ms); passthrough: committed records"
                + " over a "
                + o.window().toMillis()
                + " ms window after the warm-up, as in the router benchmark");
  }
}
