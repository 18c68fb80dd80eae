package io.fiso.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of a {@link Scenario}: a throughput drain, or an open-loop latency run. */
public final class Runs {

  private static final Logger log = LoggerFactory.getLogger(Runs.class);
  private static final AtomicLong RUN_IDS = new AtomicLong();

  private Runs() {}

  /** A tag unique in this JVM and across benchmark invocations on one cluster. */
  public static String newTag(String prefix) {
    return prefix
        + "-"
        + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
        + RUN_IDS.incrementAndGet();
  }

  /** Settings of the drains. */
  public record DrainSettings(long backlog, long warmup, Duration window, Duration timeout) {}

  /**
   * Starts {@code scenario} on the backlog already in {@code input} and measures its sustained rate
   * ({@link Drain}). Progress is the records of {@code input} its consumer group committed: what
   * every system under test does only once their outputs are written (at-least-once: after the
   * producer flushed; exactly-once: in the same transaction), and what no extra consumer has to
   * read, so measuring does not take CPU from the system measured.
   */
  public static Drain.Result drain(
      BenchCluster cluster, Scenario scenario, String input, DrainSettings settings)
      throws InterruptedException {
    String tag = newTag("d");
    Map<String, Integer> outputs = scenario.outputTopics(tag);
    cluster.createTopics(outputs, Map.of());
    List<String> counted = scenario.countedOutputs(tag);
    List<String> tapped = new ArrayList<>(scenario.mustStayEmpty(tag));
    tapped.addAll(counted);
    GroupProgress group =
        counted.isEmpty()
            ? new GroupProgress(cluster.admin(), groupOf(scenario, tag), input)
            : null;
    try (OutputTap tap = new OutputTap(cluster.clientProps(), tapped, null, 0);
        Subject subject = scenario.start(tag, input)) {
      java.util.function.LongSupplier progress =
          group != null
              ? () -> Math.max(0, group.read().sourceCommitted())
              : () -> counted.stream().mapToLong(tap::count).sum();
      Drain.Result result =
          Drain.measure(
              scenario.name(),
              progress,
              settings.warmup(),
              settings.backlog(),
              settings.window(),
              settings.timeout(),
              scenario.threadsNamedByTag() ? tag : null);
      checkEmpty(scenario, tag, tap);
      log.info(
          "{}: {} records/s ({} records in {} s after a {} s warm-up; {}{})",
          scenario.name(),
          Math.round(result.perSecond()),
          result.records(),
          String.format(java.util.Locale.ROOT, "%.2f", result.seconds()),
          String.format(java.util.Locale.ROOT, "%.1f", result.warmupSeconds()),
          result.cpuPerRecord(),
          result.cpuByRoleText());
      return result;
    } finally {
      cluster.deleteTopics(outputs.keySet());
    }
  }

  private static String groupOf(Scenario scenario, String tag) {
    String group = scenario.groupId(tag);
    if (group == null) {
      throw new IllegalStateException(
          scenario.name() + " names no consumer group: its progress cannot be measured");
    }
    return group;
  }

  /**
   * Like {@link #drain}, for a system whose outputs are not one per input: progress is its consumer
   * group's committed offsets ({@link GroupProgress}), and the rate runs from the warm-up to the
   * moment the whole backlog went through every stage.
   */
  public static Drain.Result drainByGroup(
      BenchCluster cluster, Scenario scenario, String input, DrainSettings settings)
      throws InterruptedException {
    String tag = newTag("d");
    Map<String, Integer> outputs = scenario.outputTopics(tag);
    cluster.createTopics(outputs, Map.of());
    GroupProgress group = new GroupProgress(cluster.admin(), groupOf(scenario, tag), input);
    try (OutputTap tap =
            new OutputTap(cluster.clientProps(), scenario.mustStayEmpty(tag), null, 0);
        Subject subject = scenario.start(tag, input)) {
      Drain.Result result =
          Drain.measureToCompletion(
              scenario.name(),
              group::read,
              settings.warmup(),
              settings.backlog(),
              settings.timeout());
      checkEmpty(scenario, tag, tap);
      log.info(
          "{}: {} records/s ({} records in {} s after a {} s warm-up; {})",
          scenario.name(),
          Math.round(result.perSecond()),
          result.records(),
          String.format(java.util.Locale.ROOT, "%.2f", result.seconds()),
          String.format(java.util.Locale.ROOT, "%.1f", result.warmupSeconds()),
          result.cpuPerRecord());
      return result;
    } finally {
      cluster.deleteTopics(outputs.keySet());
    }
  }

  /** Settings of the open-loop runs. */
  public record LoadSettings(
      int inputPartitions, Duration warmup, Duration duration, Duration timeout) {}

  /**
   * The outcome of an open-loop run.
   *
   * @param rate the intended rate
   * @param sent records sent
   * @param received records read back
   * @param latencies from intended send time to read back, warm-up excluded
   * @param maxSenderLateMs how far the sender itself fell behind the schedule
   * @param stages the latency of each stage (see {@link Scenario#observer}); empty without an
   *     observer
   * @param cpu how busy the machine and this JVM were from the end of the warm-up until the last
   *     record was read back
   * @param jitMillisPerSecond how hard the JIT compiler worked over the same window ({@link
   *     JitMeter}; -1 when unknown)
   * @param outstandingAtEnd records sent but not read back yet when the sender sent its last one: a
   *     system that keeps up has about {@code rate × its latency} of them, one that falls behind
   *     accumulates its shortfall over the whole run
   */
  public record LoadResult(
      double rate,
      long sent,
      long received,
      Latencies latencies,
      double maxSenderLateMs,
      Map<String, Latencies> stages,
      CpuMeter.Usage cpu,
      double jitMillisPerSecond,
      long outstandingAtEnd) {

    /**
     * Whether the system kept up with the rate: every record came back, and when the last one was
     * sent at most {@code seconds} of the rate's records (and at least 10) were still on their way.
     */
    public boolean keptUp(double seconds) {
      return received >= sent && outstandingAtEnd <= Math.max(10, Math.round(rate * seconds));
    }
  }

  /**
   * Starts {@code scenario} on a fresh input topic, waits until it runs, then sends records at
   * {@code rate} on an open-loop schedule for warm-up plus duration, and measures each record's
   * latency from its intended send time to when it is read back from the outputs.
   *
   * @param value the value of record {@code seq} whose key is {@code key}
   */
  public static LoadResult openLoop(
      BenchCluster cluster,
      Scenario scenario,
      double rate,
      LoadSettings settings,
      BiFunction<String, Long, byte[]> value)
      throws InterruptedException {
    String tag = newTag("l");
    String input = tag + ".input";
    Map<String, Integer> outputs = scenario.outputTopics(tag);
    Map<String, Integer> topics = new HashMap<>(outputs);
    topics.put(input, settings.inputPartitions());
    cluster.createTopics(topics, Map.of());
    long warmupCount = Math.round(rate * settings.warmup().toNanos() / 1e9);
    long total = warmupCount + Math.round(rate * settings.duration().toNanos() / 1e9);
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many records for one open-loop run: " + total);
    }
    List<OpenLoop.Prepared> records = new ArrayList<>((int) total);
    for (long seq = 0; seq < total; seq++) {
      String key = OpenLoop.key(tag, seq);
      records.add(
          new OpenLoop.Prepared(
              key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value.apply(key, seq)));
    }
    try (Subject subject = scenario.start(tag, input);
        KafkaProducer<byte[], byte[]> producer =
            cluster.producer(
                Map.of(
                    ProducerConfig.LINGER_MS_CONFIG,
                    1,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    // the harness's, for ThreadCpu
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "bench-load"))) {
      subject.awaitRunning(settings.timeout());
      // Let the producer fetch metadata before the clock starts.
      producer.partitionsFor(input);
      OpenLoop.Schedule schedule = OpenLoop.Schedule.at(rate, System.nanoTime() + 500_000_000L);
      List<String> measured =
          scenario.countedOutputs(tag).isEmpty()
              ? new ArrayList<>(outputs.keySet())
              : new ArrayList<>(scenario.countedOutputs(tag));
      for (String t : scenario.mustStayEmpty(tag)) {
        if (!measured.contains(t)) {
          measured.add(t);
        }
      }
      OutputObserver observer = scenario.observer(tag);
      WindowMeter window = new WindowMeter(schedule.startNanos() + settings.warmup().toNanos());
      try (OutputTap tap =
          new OutputTap(cluster.clientProps(), measured, schedule, warmupCount, observer)) {
        OpenLoop.Sent sent = OpenLoop.run(producer, input, records, schedule);
        long outstanding = sent.sent() - tap.count();
        producer.flush();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (tap.count() < sent.sent() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        WindowMeter.Reading meters = window.end();
        checkEmpty(scenario, tag, tap);
        long received = tap.count();
        if (received < sent.sent()) {
          log.warn(
              "{}: only {} of {} records came back within {} s",
              scenario.name(),
              received,
              sent.sent(),
              settings.timeout().toSeconds());
        }
        Latencies lat = Latencies.of(tap.latencies());
        log.info(
            "{} at {} records/s: p50 {} ms, p99 {} ms, max {} ms (measured window: {}; JIT {} ms"
                + " of compilation per s)",
            scenario.name(),
            Math.round(rate),
            lat.p50(),
            lat.p99(),
            lat.max(),
            meters.cpu().describe(),
            Math.round(meters.jitMillisPerSecond()));
        return new LoadResult(
            rate,
            sent.sent(),
            received,
            lat,
            OpenLoop.ms(sent.maxLateNanos()),
            observer == null ? Map.of() : observer.stages(),
            meters.cpu(),
            meters.jitMillisPerSecond(),
            outstanding);
      }
    } finally {
      List<String> names = new ArrayList<>(topics.keySet());
      cluster.deleteTopics(names);
    }
  }

  /**
   * Reads the CPU and JIT meters when an open-loop run's warm-up ends (from a delayed task, since
   * the sender is busy keeping its schedule) and again at {@link #end}.
   */
  private static final class WindowMeter {
    record Reading(CpuMeter.Usage cpu, double jitMillisPerSecond) {}

    private record Start(CpuMeter.Snapshot cpu, JitMeter.Snapshot jit) {}

    private final CompletableFuture<Start> start = new CompletableFuture<>();

    WindowMeter(long startNanos) {
      CompletableFuture.delayedExecutor(
              Math.max(0, startNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
          .execute(() -> start.complete(new Start(CpuMeter.read(), JitMeter.read())));
    }

    /** The reading from the warm-up's end until now (from now, if the warm-up never ended). */
    Reading end() {
      Start now = new Start(CpuMeter.read(), JitMeter.read());
      Start from = start.getNow(now);
      return new Reading(
          CpuMeter.between(from.cpu(), now.cpu()),
          JitMeter.compileMillisPerSecond(from.jit(), now.jit()));
    }
  }

  private static void checkEmpty(Scenario scenario, String tag, OutputTap tap) {
    for (String topic : scenario.mustStayEmpty(tag)) {
      long n = tap.count(topic);
      if (n > 0) {
        throw new IllegalStateException(
            scenario.name()
                + " wrote "
                + n
                + " records to "
                + topic
                + ": the workload is not what the benchmark intends to measure");
      }
    }
  }
}
