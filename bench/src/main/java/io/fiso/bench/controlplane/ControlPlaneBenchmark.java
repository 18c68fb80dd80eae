package io.fiso.bench.controlplane;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.BenchRun;
import io.fiso.bench.harness.Drain;
import io.fiso.bench.harness.Figure;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.HttpLoad;
import io.fiso.bench.harness.Latencies;
import io.fiso.bench.harness.OpenLoop;
import io.fiso.bench.harness.OutputTap;
import io.fiso.bench.harness.Ratio;
import io.fiso.bench.harness.Report;
import io.fiso.bench.harness.Runs;
import io.fiso.bench.harness.Subject;
import io.fiso.bench.pipeline.PipelineBenchmark;
import io.fiso.bench.pipeline.PipelineScenario;
import io.fiso.controlplane.ControlPlane;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.emulator.GcpFunctionsEmulator;
import io.fiso.devstack.emulator.LambdaEmulator;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 4: sync {@code POST /api/v1/orchestrate} through the control plane, in this JVM, in
 * front of the pipeline of benchmark 2 (router, one worker group per provider, the devstack
 * emulators, on the same broker). Its maximum rate comes from closed-loop clients; its latency from
 * an open-loop HTTP client at fractions of that maximum, from each request's intended send time to
 * its response. The baseline, at the same rates in the same rounds, is what benchmark 2 measures:
 * invocations produced to fiso.invocations and their results read from fiso.results directly.
 */
public final class ControlPlaneBenchmark {

  private static final Logger log = LoggerFactory.getLogger(ControlPlaneBenchmark.class);

  public static final String NAME = "control-plane";
  static final String CONTROL_PLANE = "sync orchestrate (HTTP → control plane → pipeline)";
  static final String DIRECT = "direct (produce fiso.invocations → read fiso.results)";
  static final String MAX_CLOSED = "maximum rate (closed loop)";
  static final String MAX_DRAIN = "maximum rate (backlog drain)";
  static final String FUNCTION = "fiso-sample";
  static final byte[] PAYLOAD = "{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8);

  /** The settings of one run. */
  public record Options(
      List<Double> loads,
      Guarantee guarantee,
      List<Provider> providers,
      int concurrency,
      int clients,
      int httpThreads,
      int rounds,
      Duration maxWarmup,
      Duration maxWindow,
      long backlog,
      long warmup,
      Duration window,
      Duration commitInterval,
      Duration latencyWarmup,
      Duration latencyDuration,
      int partitions,
      Duration timeout) {
    public Options {
      loads = List.copyOf(loads);
      providers = List.copyOf(providers);
      for (double l : loads) {
        if (!(l > 0 && l < 1)) {
          throw new IllegalArgumentException(
              "--loads are fractions of the maximum rate between 0 and 1, was " + l);
        }
      }
      if (providers.isEmpty()) {
        throw new IllegalArgumentException("--providers needs at least one provider");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
      }
      if (httpThreads < 2) {
        throw new IllegalArgumentException("--http-threads must be at least 2, was " + httpThreads);
      }
      int slots = maxConcurrentSync(httpThreads);
      if (clients < 1 || clients > slots) {
        throw new IllegalArgumentException(
            "--clients is "
                + clients
                + ": use 1 to "
                + slots
                + ", the sync orchestrations a control plane with --http-threads="
                + httpThreads
                + " lets wait at once (more are refused with 503)");
      }
      if (backlog > 0 && warmup >= backlog) {
        throw new IllegalArgumentException("--warmup-records must be smaller than --backlog");
      }
    }
  }

  private ControlPlaneBenchmark() {}

  /** Sync orchestrations the control plane lets wait at once with {@code httpThreads} threads. */
  static int maxConcurrentSync(int httpThreads) {
    return ControlPlaneConfig.builder().httpThreads(httpThreads).build().maxConcurrentSync();
  }

  /** The rate of each load: {@code fraction × maximum}. */
  static List<Double> rates(double maximum, List<Double> fractions) {
    if (!(maximum > 0)) {
      throw new IllegalStateException(
          "the maximum sync rate measured was " + maximum + " requests/s: nothing to load at");
    }
    return fractions.stream().map(f -> maximum * f).toList();
  }

  /** {@code a[i] - b[i]}: the latency the control plane adds, percentile by percentile. */
  static List<Double> added(Latencies through, Latencies direct) {
    List<Double> a = through.values();
    List<Double> b = direct.values();
    List<Double> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(a.get(i) - b.get(i));
    }
    return out;
  }

  public static Report run(BenchCluster cluster, Options o) throws InterruptedException {
    BenchRun run =
        new BenchRun(NAME, "Control plane: sync orchestrate (`fiso bench " + NAME + "`)", cluster);
    Report report = run.report();
    HttpClient http = HttpLoad.client();
    try (CloudEmulators emulators = CloudEmulators.start()) {
      report.environment("cloud emulators", "devstack emulators of the three clouds, in this JVM");
      report.environment(
          "control plane",
          "ControlPlane (JDK HttpServer, Kafka invocation gateway) in this JVM, one per run, on"
              + " 127.0.0.1");
      emulators.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).reset();
      emulators.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).reset();
      emulators.gcp().faults(GcpFunctionsEmulator.SAMPLE_FUNCTION).reset();
      String runId = Runs.newTag("cp");
      TopicCatalog shared = TopicCatalog.DEFAULT.withPrefix(runId + ".");
      cluster.createTopics(
          List.of(
              shared.policies(), shared.prices(), shared.providerStats(), shared.budgetStatus()));
      List<FunctionTarget> targets = new ArrayList<>();
      for (Provider p : o.providers()) {
        targets.add(PipelineBenchmark.target(emulators, p));
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
                  policies.serialize(policyTopic, PipelineBenchmark.policy(targets))));
      AvroSerializer<InvocationRequest> requests =
          new AvroSerializer<>(cluster.registry(), false, true);
      Instant now = Instant.now();
      String backlogTopic = runId + ".input";
      if (o.backlog() > 0) {
        cluster.createTopics(Map.of(backlogTopic, o.partitions()), Map.of());
        cluster.preload(
            backlogTopic,
            o.backlog(),
            i -> {
              String key = OpenLoop.key("b", i);
              return new OpenLoop.Prepared(
                  key.getBytes(StandardCharsets.UTF_8),
                  requests.serialize(backlogTopic, PipelineBenchmark.request(key, now)));
            });
      }
      settings(report, o);
      PipelineScenario pipeline =
          new PipelineScenario(
              cluster,
              o.guarantee(),
              o.commitInterval(),
              shared,
              o.providers(),
              o.concurrency(),
              emulators.workerEnvironment(),
              null);

      log.info("JVM warm-up: closed loop through the control plane, untimed");
      withControlPlane(
          cluster,
          pipeline,
          o,
          http,
          base ->
              HttpLoad.closedLoop(
                  http, orchestrate(base), o.clients(), o.maxWarmup(), o.maxWindow(), o.timeout()));

      for (int round = 1; round <= o.rounds(); round++) {
        log.info("Maximum rate, round {} of {}", round, o.rounds());
        HttpLoad.Outcome max =
            withControlPlane(
                cluster,
                pipeline,
                o,
                http,
                base -> {
                  HttpLoad.Outcome closed =
                      HttpLoad.closedLoop(
                          http,
                          orchestrate(base),
                          o.clients(),
                          o.maxWarmup(),
                          o.maxWindow(),
                          o.timeout());
                  run.latencies(
                      CONTROL_PLANE,
                      "sequential GET /healthz",
                      HttpLoad.sequential(
                          http, HttpRequest.newBuilder(base.resolve("/healthz")).build(), 20, 200));
                  return closed;
                });
        checkFailures(run, "closed loop", max);
        run.sample(CONTROL_PLANE, MAX_CLOSED, "requests/s", max.perSecond());
        run.latencies(CONTROL_PLANE, MAX_CLOSED + ": latency", max.latencies());
        log.info(
            "{}: {} requests/s with {} clients (p50 {} ms)",
            CONTROL_PLANE,
            Math.round(max.perSecond()),
            o.clients(),
            max.latencies().p50());
        if (o.backlog() > 0) {
          Drain.Result r =
              Runs.drain(
                  cluster,
                  pipeline,
                  backlogTopic,
                  new Runs.DrainSettings(o.backlog(), o.warmup(), o.window(), o.timeout()));
          run.sample(DIRECT, MAX_DRAIN, "invocations/s", r.perSecond());
        }
      }
      double maximum = run.figure(CONTROL_PLANE, MAX_CLOSED).median();
      List<Double> rates = rates(maximum, o.loads());
      Runs.LoadSettings load =
          new Runs.LoadSettings(
              o.partitions(), o.latencyWarmup(), o.latencyDuration(), o.timeout());
      for (int round = 1; round <= o.rounds(); round++) {
        log.info("Latency, round {} of {}", round, o.rounds());
        for (int i = 0; i < rates.size(); i++) {
          double rate = rates.get(i);
          String prefix = prefix(o.loads().get(i));
          HttpLoad.Outcome via =
              withControlPlane(
                  cluster,
                  pipeline,
                  o,
                  http,
                  base ->
                      HttpLoad.openLoop(
                          http,
                          orchestrate(base),
                          rate,
                          o.latencyWarmup(),
                          o.latencyDuration(),
                          o.timeout()));
          checkFailures(run, prefix, via);
          log.info(
              "{} at {} requests/s: p50 {} ms, p99 {} ms, max {} ms",
              CONTROL_PLANE,
              Math.round(rate),
              via.latencies().p50(),
              via.latencies().p99(),
              via.latencies().max());
          Runs.LoadResult direct =
              Runs.openLoop(
                  cluster,
                  pipeline,
                  rate,
                  load,
                  (key, seq) ->
                      requests.serialize(
                          "control-plane-direct", PipelineBenchmark.request(key, now)));
          run.sample(CONTROL_PLANE, prefix + ": rate", "requests/s", rate);
          run.latencies(CONTROL_PLANE, prefix + ": latency", via.latencies());
          run.latencies(DIRECT, prefix + ": latency", direct.latencies());
          List<Double> added = added(via.latencies(), direct.latencies());
          for (int p = 0; p < added.size(); p++) {
            run.sample(
                CONTROL_PLANE,
                prefix + ": control plane added " + Latencies.LABELS.get(p),
                "ms",
                added.get(p));
          }
          run.sample(CONTROL_PLANE, prefix + ": failed requests", "requests", via.failed());
          run.sample(CONTROL_PLANE, prefix + ": sender's max lag", "ms", via.maxSenderLateMs());
          run.sample(DIRECT, prefix + ": sender's max lag", "ms", direct.maxSenderLateMs());
        }
      }
      ratios(run, report, o);
    }
    return run.finish();
  }

  private static void ratios(BenchRun run, Report report, Options o) {
    Figure closed = run.figure(CONTROL_PLANE, MAX_CLOSED);
    Figure drain = run.figure(DIRECT, MAX_DRAIN);
    if (closed != null && drain != null) {
      report.ratio(
          Ratio.of(
              "maximum rate: control plane (closed loop, "
                  + o.clients()
                  + " clients) / direct (backlog drain)",
              closed,
              drain,
              Double.NaN));
    }
    for (double fraction : o.loads()) {
      String prefix = prefix(fraction);
      for (String p : List.of("p50", "p99")) {
        Figure via = run.figure(CONTROL_PLANE, prefix + ": latency " + p);
        Figure direct = run.figure(DIRECT, prefix + ": latency " + p);
        if (via != null && direct != null) {
          report.ratio(
              Ratio.of(
                  "latency " + p + " " + prefix + ": control plane / direct",
                  via,
                  direct,
                  Double.NaN));
        }
      }
    }
  }

  private static String prefix(double fraction) {
    return String.format(Locale.ROOT, "at %.0f%% of max", fraction * 100);
  }

  /** Fails when nothing succeeded; else records the failures for the report's notes. */
  private static void checkFailures(BenchRun run, String what, HttpLoad.Outcome o) {
    if (o.latencies() == null) {
      throw new IllegalStateException(
          "No sync orchestrate succeeded ("
              + what
              + "): "
              + o.failed()
              + " of "
              + o.sent()
              + " failed, the first with "
              + o.firstFailure());
    }
    if (o.failed() > 0) {
      log.warn("{}: {} of {} sync orchestrate requests failed", what, o.failed(), o.sent());
    }
    run.failures("sync orchestrate " + what, o.failed(), o.sent(), o.firstFailure());
  }

  /** The request every run sends: the sample function, the pipeline benchmark's payload. */
  public static HttpLoad.Requests orchestrate(URI base) {
    HttpRequest request =
        HttpRequest.newBuilder(
                base.resolve("/api/v1/orchestrate?function=" + FUNCTION + "&label=team:bench"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(PAYLOAD))
            .build();
    return seq -> request;
  }

  /** Work done against a running control plane, given its base URI. */
  private interface WithBase<T> {
    T run(URI base) throws InterruptedException;
  }

  /**
   * Starts a fresh pipeline (own topics, consumer groups, state) and a control plane whose
   * fiso.invocations and fiso.results are that pipeline's, waits until both are ready, runs {@code
   * body}, checks nothing went to the dead letters, and stops both.
   */
  private static <T> T withControlPlane(
      BenchCluster cluster, PipelineScenario pipeline, Options o, HttpClient http, WithBase<T> body)
      throws InterruptedException {
    String tag = Runs.newTag("c");
    String input = tag + ".input";
    Map<String, Integer> topics = new HashMap<>(pipeline.outputTopics(tag));
    topics.put(input, o.partitions());
    cluster.createTopics(topics, Map.of());
    try (Subject subject = pipeline.start(tag, input)) {
      subject.awaitRunning(o.timeout());
      try (OutputTap deadLetters =
              new OutputTap(cluster.clientProps(), pipeline.mustStayEmpty(tag), null, 0);
          ControlPlane cp =
              ControlPlane.builder(config(cluster, o))
                  .schemaRegistry(cluster.registry())
                  .topics(pipeline.catalog(tag, input))
                  .start()) {
        URI base = URI.create("http://127.0.0.1:" + cp.port());
        awaitReady(http, base, o.timeout());
        T result = body.run(base);
        for (String topic : pipeline.mustStayEmpty(tag)) {
          long n = deadLetters.count(topic);
          if (n > 0) {
            throw new IllegalStateException(
                pipeline.name()
                    + " wrote "
                    + n
                    + " records to "
                    + topic
                    + ": the workload is not what the benchmark intends to measure");
          }
        }
        return result;
      }
    } finally {
      cluster.deleteTopics(new ArrayList<>(topics.keySet()));
    }
  }

  private static ControlPlaneConfig config(BenchCluster cluster, Options o) {
    Map<String, String> kafka = new TreeMap<>();
    cluster.clientProps().forEach((k, v) -> kafka.put(k, String.valueOf(v)));
    return ControlPlaneConfig.builder()
        .bindAddress("127.0.0.1")
        .port(0)
        .httpThreads(o.httpThreads())
        .kafkaSettings(kafka)
        .build();
  }

  private static void awaitReady(HttpClient http, URI base, Duration timeout)
      throws InterruptedException {
    URI ready = base.resolve("/readyz");
    long deadline = System.nanoTime() + timeout.toNanos();
    int status;
    while ((status = HttpLoad.status(http, ready, Duration.ofSeconds(5))) != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The control plane at "
                + base
                + " did not become ready within "
                + timeout.toSeconds()
                + " s (GET /readyz answered "
                + status
                + ")");
      }
      Thread.sleep(50);
    }
  }

  private static void settings(Report report, Options o) {
    int slots = maxConcurrentSync(o.httpThreads());
    report
        .setting(
            "pipeline",
            "router "
                + o.guarantee()
                + " (commit interval "
                + o.commitInterval().toMillis()
                + " ms) + one worker group per provider (concurrency "
                + o.concurrency()
                + "), as `fiso bench pipeline`; a fresh one per run")
        .setting(
            "providers",
            String.join(", ", o.providers().stream().map(String::valueOf).toList())
                + (o.providers().size() > 1 ? " (one policy '*', WEIGHTED)" : " (PINNED)"))
        .setting("function", "the mcal sample function in the devstack emulators, no added time")
        .setting(
            "request",
            "POST /api/v1/orchestrate?function="
                + FUNCTION
                + "&label=team:bench, "
                + PAYLOAD.length
                + "-byte JSON body, sync; java.net.http.HttpClient, HTTP/1.1 keep-alive")
        .setting(
            "control plane",
            "http.threads "
                + o.httpThreads()
                + " ("
                + slots
                + " sync requests may wait at once), default settings otherwise, no API tokens")
        .setting(
            "sun.net.httpserver.nodelay",
            System.getProperty("sun.net.httpserver.nodelay", "false")
                + " (set by fiso bench before any server starts; the control plane's ApiServer"
                + " also sets it to true when unset; false adds ~40 ms to every call)")
        .setting("rounds (runs per figure)", o.rounds())
        .setting(
            "maximum rate",
            o.clients()
                + " closed-loop clients (each sends its next request when its last is answered), "
                + o.maxWarmup().toMillis()
                + " ms warm-up, "
                + o.maxWindow().toMillis()
                + " ms window; 200 responses completed in the window / window")
        .setting(
            "direct maximum rate",
            o.backlog() > 0
                ? "drain of a "
                    + o.backlog()
                    + "-invocation backlog through the same pipeline, "
                    + o.warmup()
                    + " warm-up results excluded, "
                    + o.window().toMillis()
                    + " ms window (as `fiso bench pipeline`)"
                : "not measured (--backlog=0)")
        .setting(
            "latency",
            "open-loop at "
                + o.loads()
                + " of the median closed-loop maximum, the same rate for both paths in the same"
                + " round; "
                + o.latencyWarmup().toMillis()
                + " ms warm-up excluded, "
                + o.latencyDuration().toMillis()
                + " ms measured; from each request's intended send time to its whole response"
                + " (control plane) or its result read back from the results topic (direct)")
        .setting(
            "baseline",
            "direct: invocations produced to the pipeline's fiso.invocations and results read from"
                + " its fiso.results, exactly as `fiso bench pipeline`; control plane added ="
                + " control-plane percentile - direct percentile");
  }
}
