package io.fiso.bench.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The frame every benchmark shares: one report, the CPU used while it ran, and the samples of each
 * figure collected run by run (scenarios interleaved round by round, so a slow phase of the machine
 * hits baselines and subjects alike).
 */
public final class BenchRun {

  /** Other processes using more than this share of the CPU make the figures indicative only. */
  static final double CONTENDED = 0.05;

  private final Report report;
  private final CpuMeter.Snapshot cpuAtStart = CpuMeter.read();
  private final Map<String, List<Double>> samples = new LinkedHashMap<>();
  private final Map<String, String[]> keys = new LinkedHashMap<>();

  /** A benchmark that starts what it measures itself (no {@link BenchCluster}). */
  public BenchRun(String benchmark, String title) {
    this.report = new Report(benchmark, title, Instant.now(), Machine.describe());
  }

  public BenchRun(String benchmark, String title, BenchCluster cluster) {
    this(benchmark, title);
    report.environment("cluster", cluster.describe());
    if (cluster.embedded()) {
      report.environment(
          "broker settings changed by the benchmark",
          String.join(
              ", ",
              new java.util.TreeMap<>(BenchCluster.BROKER_SETTINGS)
                  .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
  }

  public Report report() {
    return report;
  }

  /** Adds one run's value to the figure (scenario, metric, unit). */
  public void sample(String scenario, String metric, String unit, double value) {
    String key = scenario + "\u0000" + metric;
    samples.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    keys.putIfAbsent(key, new String[] {scenario, metric, unit});
  }

  /** The figure collected so far, or null. */
  public Figure figure(String scenario, String metric) {
    String key = scenario + "\u0000" + metric;
    List<Double> s = samples.get(key);
    if (s == null || s.isEmpty()) {
      return null;
    }
    String[] k = keys.get(key);
    return new Figure(k[0], k[1], k[2], s);
  }

  /** Adds the latency percentiles of one run as five figures. */
  public void latencies(String scenario, String prefix, Latencies l) {
    List<Double> values = l.values();
    for (int i = 0; i < values.size(); i++) {
      sample(scenario, prefix + " " + Latencies.LABELS.get(i), "ms", values.get(i));
    }
  }

  /** Failed requests of one kind of run, summed over its runs. */
  private static final class Failures {
    int runs;
    int failingRuns;
    long failed;
    long sent;
    String first;
  }

  private final Map<String, Failures> failures = new LinkedHashMap<>();

  /**
   * Records how many of one run's requests failed; the report gets one note per {@code what} that
   * had failures (how many runs, how many requests, the first failure).
   */
  public void failures(String what, long failed, long sent, String first) {
    Failures f = failures.computeIfAbsent(what, k -> new Failures());
    f.runs++;
    f.sent += sent;
    if (failed > 0) {
      f.failingRuns++;
      f.failed += failed;
      if (f.first == null) {
        f.first = first;
      }
    }
  }

  /** Closes the run: every figure into the report, the CPU usage and the contention note. */
  public Report finish() {
    failures.forEach(
        (what, f) -> {
          if (f.failed > 0) {
            report.note(
                String.format(
                    Locale.ROOT,
                    "%s: requests failed in %d of %d runs, %d of %d requests in all (first: %s);"
                        + " latencies are those of the successful requests.",
                    what,
                    f.failingRuns,
                    f.runs,
                    f.failed,
                    f.sent,
                    f.first));
          }
        });
    for (String key : samples.keySet()) {
      String[] k = keys.get(key);
      report.figure(new Figure(k[0], k[1], k[2], samples.get(key)));
    }
    CpuMeter.Usage cpu = CpuMeter.between(cpuAtStart, CpuMeter.read());
    report.environment("CPU during the run", cpu.describe());
    if (cpu.others() < 0 || cpu.others() > CONTENDED) {
      report.note(
          String.format(
              Locale.ROOT,
              "Taken on a shared machine: other processes used %s of all cores while this ran"
                  + " (load average %s). Figures taken under load are indicative only; ratios"
                  + " between scenarios of the same run are more robust than absolute rates.",
              cpu.others() < 0 ? "an unknown share" : Math.round(cpu.others() * 100) + "%",
              cpu.loadAverage()));
    }
    report.finished(Instant.now());
    return report;
  }
}
