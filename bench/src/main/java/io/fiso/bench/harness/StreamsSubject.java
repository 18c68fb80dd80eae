package io.fiso.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** A Kafka Streams application under test, with its own application id and state directory. */
public final class StreamsSubject implements Subject {

  private final KafkaStreams streams;
  private final Path stateDir;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final String name;

  private StreamsSubject(String name, Topology topology, Properties props, Path stateDir) {
    this.name = name;
    this.stateDir = stateDir;
    this.streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(
        e -> {
          failure.compareAndSet(null, e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
  }

  /**
   * Starts {@code topology}.
   *
   * @param settings the application's settings; application id, bootstrap servers and state
   *     directory are set by the caller (the state directory is replaced by a fresh temporary one
   *     when absent)
   */
  public static StreamsSubject start(String name, Topology topology, Map<String, Object> settings) {
    Properties props = new Properties();
    props.putAll(settings);
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("fiso-bench-streams-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a state directory for " + name, e);
    }
    props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsSubject subject = new StreamsSubject(name, topology, props, stateDir);
    subject.streams.start();
    return subject;
  }

  @Override
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Throwable f = failure.get();
      if (f != null) {
        throw new IllegalStateException(name + " failed: " + f, f);
      }
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.RUNNING) {
        return;
      }
      if (state == KafkaStreams.State.ERROR
          || state == KafkaStreams.State.NOT_RUNNING
          || state == KafkaStreams.State.PENDING_SHUTDOWN) {
        throw new IllegalStateException(name + " stopped while starting: state " + state);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " was not RUNNING after " + timeout.toSeconds() + " s (state " + state + ")");
      }
      Thread.sleep(10);
    }
  }

  /** The first failure of a stream thread, if any. */
  public Throwable failure() {
    return failure.get();
  }

  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    long t0 = System.nanoTime();
    // Leave the group as the router and the cost-ingestor do: with several stream threads, a thread
    // still rebalancing would otherwise wait for the others' sessions to time out.
    try {
      if (!streams.close(
          org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
              .withGroupMembershipOperation(
                  org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
        throw new IllegalStateException(
            name
                + " did not stop within 30 s (state "
                + streams.state()
                + ", "
                + (System.nanoTime() - t0) / 1_000_000
                + " ms)");
      }
      streams.cleanUp();
    } finally {
      deleteRecursively(stateDir);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory: left for the OS
    }
  }
}
