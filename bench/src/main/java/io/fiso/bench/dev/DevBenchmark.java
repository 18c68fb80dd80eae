package io.fiso.bench.dev;

import io.fiso.bench.controlplane.ControlPlaneBenchmark;
import io.fiso.bench.harness.BenchRun;
import io.fiso.bench.harness.Figure;
import io.fiso.bench.harness.HttpLoad;
import io.fiso.bench.harness.Report;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 6: {@code fiso dev} as a user runs it. The built fiso jar is started as a child process
 * ({@code java -jar fiso.jar dev --fresh}, a temporary data directory, free ports); measured are
 * the time from process start until its control plane answers {@code GET /healthz} and until {@code
 * GET /readyz} says ready, its resident memory ({@code VmRSS}) idle and while an open-loop client
 * sends it sync orchestrate requests, and the time from SIGTERM until it exited.
 */
public final class DevBenchmark {

  private static final Logger log = LoggerFactory.getLogger(DevBenchmark.class);

  public static final String NAME = "dev";
  static final String SCENARIO = "fiso dev";
  static final String READY = "start → ready (GET /readyz 200)";

  static final String RESTART_READY = "restart on the kept data → ready (GET /readyz 200)";
  static final double READY_GOAL_SECONDS = 20;
  static final double IDLE_GOAL_MIB = 1024;
  static final Pattern READY_LINE = Pattern.compile("Ready in ([0-9]+(?:\\.[0-9]+)?) s");

  /** The build command named when the jar is missing. */
  public static final String BUILD = "./mvnw -pl cli -am package -DskipTests";

  /** The settings of one run. */
  public record Options(
      Path jar,
      List<String> javaOptions,
      Duration idle,
      double loadRate,
      Duration loadWarmup,
      Duration loadDuration,
      Duration stopTimeout,
      int rounds,
      Duration timeout) {
    public Options {
      javaOptions = List.copyOf(javaOptions);
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
      }
      if (!(loadRate >= 0)) {
        throw new IllegalArgumentException(
            "--load-rate must be 0 (no load) or more requests/s, was " + loadRate);
      }
      requireJar(jar);
    }
  }

  private DevBenchmark() {}

  /**
   * @throws IllegalArgumentException naming the path and the build command when the jar is missing
   */
  static void requireJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "fiso bench dev starts the built fiso jar, and "
              + jar.toAbsolutePath()
              + " does not exist: build it with `"
              + BUILD
              + "` in the FISO checkout, or name another with --jar");
    }
  }

  /** {@code java [options] -jar <jar> dev --fresh --data-dir ... --port ...}. */
  static List<String> command(
      Path java, List<String> javaOptions, Path jar, Path dataDir, Ports ports) {
    return command(java, javaOptions, jar, dataDir, ports, true);
  }

  /** The same, without {@code --fresh} when {@code fresh} is false: a restart on kept data. */
  static List<String> command(
      Path java, List<String> javaOptions, Path jar, Path dataDir, Ports ports, boolean fresh) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(javaOptions);
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.add("dev");
    if (fresh) {
      cmd.add("--fresh");
    }
    cmd.add("--data-dir=" + dataDir.toAbsolutePath());
    cmd.add("--port=" + ports.http());
    cmd.add("--kafka-port=" + ports.kafka());
    cmd.add("--registry-port=" + ports.registry());
    cmd.add(
        "--emulator-ports="
            + String.join(",", ports.emulators().stream().map(String::valueOf).toList()));
    return cmd;
  }

  /** The seconds of fiso dev's own {@code Ready in 6.4 s.} line, if the output has one. */
  static OptionalDouble selfReportedReady(String output) {
    Matcher m = READY_LINE.matcher(output);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  /**
   * The ports fiso dev listens on, the four emulators' included (Lambda, Azure, Google HTTP,
   * Pub/Sub). Letting the emulators pick their own (port 0) raced with the ports picked here: an
   * emulator could take, from the same ephemeral range, the port chosen for the control plane,
   * which starts last (seen once: "port ... is already in use", the Pub/Sub emulator answering GET
   * /healthz).
   */
  record Ports(int http, int kafka, int registry, List<Integer> emulators) {

    Ports {
      emulators = List.copyOf(emulators);
      if (emulators.size() != 4) {
        throw new IllegalArgumentException("four emulator ports, got " + emulators);
      }
    }

    static Ports free() {
      List<ServerSocket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 7; i++) {
          ServerSocket s = new ServerSocket(0);
          s.setReuseAddress(true);
          sockets.add(s);
        }
        List<Integer> p = sockets.stream().map(ServerSocket::getLocalPort).toList();
        return new Ports(p.get(0), p.get(1), p.get(2), p.subList(3, 7));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot find free ports for fiso dev: " + e, e);
      } finally {
        for (ServerSocket s : sockets) {
          try {
            s.close();
          } catch (IOException e) {
            // closing a probe socket
          }
        }
      }
    }
  }

  public static Report run(Options o) throws InterruptedException {
    BenchRun run = new BenchRun(NAME, "`fiso dev` start and memory (`fiso bench " + NAME + "`)");
    Report report = run.report();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    settings(report, o, java);
    HttpClient http = HttpLoad.client();
    for (int round = 1; round <= o.rounds(); round++) {
      log.info("Round {} of {}: starting {}", round, o.rounds(), o.jar());
      round(run, report, o, java, http);
    }
    goals(run, report, o);
    return run.finish();
  }

  private static void round(BenchRun run, Report report, Options o, Path java, HttpClient http)
      throws InterruptedException {
    Path work;
    try {
      work = Files.createTempDirectory("fiso-bench-dev-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a temporary directory for fiso dev", e);
    }
    Path logFile = work.resolve("fiso-dev.log");
    Ports ports = Ports.free();
    List<String> cmd = command(java, o.javaOptions(), o.jar(), work.resolve("data"), ports);
    URI base = URI.create("http://127.0.0.1:" + ports.http());
    Process process = null;
    boolean succeeded = false;
    try {
      long t0 = System.nanoTime();
      process = start(cmd, logFile);
      long pid = process.pid();
      double health =
          secondsSince(t0, awaitStatus(http, base.resolve("/healthz"), process, o, logFile));
      double ready =
          secondsSince(t0, awaitStatus(http, base.resolve("/readyz"), process, o, logFile));
      run.sample(SCENARIO, "start → GET /healthz answers", "s", health);
      run.sample(SCENARIO, READY, "s", ready);
      OptionalDouble self = awaitReadyLine(logFile, process, o.timeout());
      if (self.isPresent()) {
        run.sample(SCENARIO, "its own \"Ready in\" line", "s", self.getAsDouble());
      }
      log.info(
          "fiso dev (pid {}) ready in {} s; idle for {} s", pid, fmt(ready), o.idle().toSeconds());
      Thread.sleep(o.idle().toMillis());
      ensureAlive(process, logFile);
      long idle = ProcStatus.residentBytes(pid);
      run.sample(SCENARIO, idleMetric(o), "MiB", ProcStatus.mib(idle));
      log.info("VmRSS idle: {} MiB", Math.round(ProcStatus.mib(idle)));
      run.latencies(
          SCENARIO,
          "sequential GET /healthz",
          HttpLoad.sequential(
              http, HttpRequest.newBuilder(base.resolve("/healthz")).build(), 20, 200));
      if (o.loadRate() > 0) {
        load(run, o, http, base, process, pid, logFile);
      }
      run.sample(
          SCENARIO,
          "VmHWM (peak resident) before stop",
          "MiB",
          ProcStatus.mib(ProcStatus.peakResidentBytes(pid)));
      long s0 = System.nanoTime();
      stop(process, o, logFile, "fiso dev");
      double stop = secondsSince(s0, System.nanoTime());
      run.sample(SCENARIO, "stop: SIGTERM → exited", "s", stop);
      report.environment("fiso dev exit code after SIGTERM", Integer.toString(process.exitValue()));
      log.info("fiso dev stopped in {} s (exit code {})", fmt(stop), process.exitValue());

      // Started again on the data it kept, as after Ctrl-C and `./fiso dev` again.
      Path restartLog = work.resolve("fiso-dev-restart.log");
      List<String> again =
          command(java, o.javaOptions(), o.jar(), work.resolve("data"), ports, false);
      long r0 = System.nanoTime();
      process = start(again, restartLog);
      double restart =
          secondsSince(r0, awaitStatus(http, base.resolve("/readyz"), process, o, restartLog));
      run.sample(SCENARIO, RESTART_READY, "s", restart);
      log.info("fiso dev restarted on its data: ready in {} s", fmt(restart));
      stop(process, o, restartLog, "the restarted fiso dev");
      succeeded = true;
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      // a failed round keeps fiso dev's output, which its message names
      deleteRecursively(succeeded ? work : work.resolve("data"));
    }
  }

  /** Starts {@code cmd} with its output (and errors) in {@code logFile}. */
  private static Process start(List<String> cmd, Path logFile) {
    try {
      return new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(logFile.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + String.join(" ", cmd) + ": " + e, e);
    }
  }

  /**
   * SIGTERM (fiso dev's shutdown hook stops its services, then the broker), then waits for the
   * exit; after the stop timeout it is killed and the run fails, naming {@code logFile}.
   */
  private static void stop(Process process, Options o, Path logFile, String what)
      throws InterruptedException {
    process.destroy();
    if (!process.waitFor(o.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          what
              + " did not stop within "
              + o.stopTimeout().toSeconds()
              + " s of SIGTERM (killed); its output is in "
              + logFile);
    }
  }

  private static void load(
      BenchRun run, Options o, HttpClient http, URI base, Process process, long pid, Path logFile)
      throws InterruptedException {
    String prefix =
        String.format(Locale.ROOT, "under load (%.0f sync orchestrate/s)", o.loadRate());
    CompletableFuture<HttpLoad.Outcome> driven =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return HttpLoad.openLoop(
                    http,
                    ControlPlaneBenchmark.orchestrate(base),
                    o.loadRate(),
                    o.loadWarmup(),
                    o.loadDuration(),
                    o.timeout());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
              }
            },
            r -> {
              Thread t = new Thread(r, "bench-dev-load");
              t.setDaemon(true);
              t.start();
            });
    long highest = 0;
    while (!driven.isDone()) {
      ensureAlive(process, logFile);
      highest = Math.max(highest, ProcStatus.residentBytes(pid));
      Thread.sleep(500);
    }
    HttpLoad.Outcome outcome;
    try {
      outcome = driven.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("The load on fiso dev failed: " + e.getCause(), e.getCause());
    }
    long after = ProcStatus.residentBytes(pid);
    highest = Math.max(highest, after);
    run.sample(SCENARIO, "VmRSS " + prefix + ", highest sample", "MiB", ProcStatus.mib(highest));
    run.sample(SCENARIO, "VmRSS at the end of the load", "MiB", ProcStatus.mib(after));
    if (outcome.latencies() == null) {
      throw new IllegalStateException(
          "No sync orchestrate on fiso dev succeeded: "
              + outcome.failed()
              + " of "
              + outcome.sent()
              + " failed, the first with "
              + outcome.firstFailure()
              + "; its output is in "
              + logFile);
    }
    run.latencies(SCENARIO, prefix + ": latency", outcome.latencies());
    run.sample(SCENARIO, prefix + ": failed requests", "requests", outcome.failed());
    run.sample(SCENARIO, prefix + ": sender's max lag", "ms", outcome.maxSenderLateMs());
    run.failures(
        "sync orchestrate to fiso dev " + prefix,
        outcome.failed(),
        outcome.sent(),
        outcome.firstFailure());
    log.info(
        "fiso dev {}: p50 {} ms, p99 {} ms; VmRSS up to {} MiB",
        prefix,
        outcome.latencies().p50(),
        outcome.latencies().p99(),
        Math.round(ProcStatus.mib(highest)));
  }

  /** Polls {@code uri} until it answers 200; returns System.nanoTime() of that answer. */
  private static long awaitStatus(
      HttpClient http, URI uri, Process process, Options o, Path logFile)
      throws InterruptedException {
    long deadline = System.nanoTime() + o.timeout().toNanos();
    int status = -1;
    while (true) {
      status = HttpLoad.status(http, uri, Duration.ofSeconds(2));
      long now = System.nanoTime();
      if (status == 200) {
        return now;
      }
      ensureAlive(process, logFile);
      if (now > deadline) {
        throw new IllegalStateException(
            "fiso dev did not answer 200 on "
                + uri
                + " within "
                + o.timeout().toSeconds()
                + " s (last answer: "
                + (status < 0 ? "none" : status)
                + "); its output is in "
                + logFile
                + ":\n"
                + tail(logFile));
      }
      Thread.sleep(20);
    }
  }

  private static OptionalDouble awaitReadyLine(Path logFile, Process process, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      OptionalDouble seconds = selfReportedReady(read(logFile));
      if (seconds.isPresent()) {
        return seconds;
      }
      Thread.sleep(50);
    }
    return OptionalDouble.empty();
  }

  private static void ensureAlive(Process process, Path logFile) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "fiso dev exited with code "
              + process.exitValue()
              + "; its output ("
              + logFile
              + "):\n"
              + tail(logFile));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String tail(Path file) {
    String text = read(file);
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static double secondsSince(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1e9;
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }

  static String idleMetric(Options o) {
    return "VmRSS idle, " + o.idle().toSeconds() + " s after ready";
  }

  private static void goals(BenchRun run, Report report, Options o) {
    Figure ready = run.figure(SCENARIO, READY);
    Figure idle = run.figure(SCENARIO, idleMetric(o));
    if (ready != null) {
      report.note(
          String.format(
              Locale.ROOT,
              "Goal: `fiso dev` ready in < %.0f s: %.1f s (median), %s.",
              READY_GOAL_SECONDS,
              ready.median(),
              ready.median() < READY_GOAL_SECONDS ? "met" : "not met"));
    }
    if (idle != null) {
      report.note(
          String.format(
              Locale.ROOT,
              "Goal: < 1 GiB resident while idle: %.0f MiB (median VmRSS), %s.",
              idle.median(),
              idle.median() < IDLE_GOAL_MIB ? "met" : "not met"));
    }
  }

  private static void settings(Report report, Options o, Path java) {
    Instant built;
    try {
      built = Files.getLastModifiedTime(o.jar()).toInstant();
    } catch (IOException e) {
      built = null;
    }
    report
        .setting(
            "jar",
            o.jar().toAbsolutePath()
                + (built == null ? "" : " (built " + built.truncatedTo(ChronoUnit.SECONDS) + ")"))
        .setting(
            "command",
            java
                + (o.javaOptions().isEmpty() ? "" : " " + String.join(" ", o.javaOptions()))
                + " -jar fiso.jar dev --fresh --data-dir=<temporary> --port=<free>"
                + " --kafka-port=<free> --registry-port=<free> --emulator-ports=<4 free>")
        .setting(
            "fiso dev JVM flags",
            o.javaOptions().isEmpty()
                ? "none (the JVM's defaults: max heap a quarter of the memory)"
                : String.join(" ", o.javaOptions()))
        .setting("rounds (runs per figure)", o.rounds())
        .setting(
            "ready",
            "from starting the process to the first 200 of GET /healthz (HTTP server up) and of"
                + " GET /readyz (Kafka, policies, results, router and cost-ingestor RUNNING), polled"
                + " every 20 ms")
        .setting(
            "memory",
            "VmRSS from /proc/<pid>/status, "
                + o.idle().toSeconds()
                + " s after ready (idle), every 0.5 s under load, VmHWM before stopping")
        .setting(
            "load",
            o.loadRate() > 0
                ? String.format(
                    Locale.ROOT,
                    "open-loop sync POST /api/v1/orchestrate at %.0f/s for %d s (%d s warm-up not"
                        + " timed), the sample function through the default policy; latency from"
                        + " intended send time to the whole response",
                    o.loadRate(),
                    o.loadDuration().plus(o.loadWarmup()).toSeconds(),
                    o.loadWarmup().toSeconds())
                : "none (--load-rate=0)")
        .setting("stop", "SIGTERM, then the time until the process exited")
        .setting(
            "restart",
            "after the stop, `fiso dev` again on the same data directory (no --fresh): start →"
                + " GET /readyz 200; then SIGTERM");
    report.environment(
        "CPU accounting",
        "fiso dev is a child process: its CPU counts as this benchmark's (not as other processes')"
            + " once it has exited");
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      log.debug("Could not delete {}: {}", dir, e.toString());
    }
  }
}
