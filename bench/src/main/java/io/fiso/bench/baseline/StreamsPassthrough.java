package io.fiso.bench.baseline;

import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.StreamsSubject;
import io.fiso.bench.harness.Subject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * What Kafka Streams itself costs: a topology that copies bytes from the input to one output topic,
 * with the same guarantee and commit interval as the router under test.
 */
public final class StreamsPassthrough implements Scenario {

  private final BenchCluster cluster;
  private final Guarantee guarantee;
  private final Duration commitInterval;
  private final Duration linger;
  private final int outputPartitions;
  private final Map<String, Object> producerSettings;
  private final int threads;
  private final byte[] suffix;

  public StreamsPassthrough(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int outputPartitions) {
    this(cluster, guarantee, commitInterval, linger, outputPartitions, Map.of());
  }

  /**
   * @param producerSettings producer settings on top of the linger (e.g. the batch size and
   *     compression of the system it is compared with), without the {@code producer.} prefix
   */
  public StreamsPassthrough(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int outputPartitions,
      Map<String, Object> producerSettings) {
    this(
        cluster,
        guarantee,
        commitInterval,
        linger,
        outputPartitions,
        producerSettings,
        1,
        new byte[0]);
  }

  private StreamsPassthrough(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int outputPartitions,
      Map<String, Object> producerSettings,
      int threads,
      byte[] suffix) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.cluster = cluster;
    this.guarantee = guarantee;
    this.commitInterval = commitInterval;
    this.linger = linger;
    this.outputPartitions = outputPartitions;
    this.producerSettings = Map.copyOf(producerSettings);
    this.threads = threads;
    this.suffix = suffix.clone();
  }

  /** The same passthrough with {@code threads} stream threads. */
  public StreamsPassthrough withThreads(int threads) {
    return new StreamsPassthrough(
        cluster,
        guarantee,
        commitInterval,
        linger,
        outputPartitions,
        producerSettings,
        threads,
        suffix);
  }

  /**
   * The same passthrough appending {@code suffix} to every value it writes (e.g. the bytes of a
   * routing decision, so that it writes as many bytes per record as the router).
   */
  public StreamsPassthrough withSuffix(byte[] suffix) {
    return new StreamsPassthrough(
        cluster,
        guarantee,
        commitInterval,
        linger,
        outputPartitions,
        producerSettings,
        threads,
        suffix);
  }

  public Guarantee guarantee() {
    return guarantee;
  }

  @Override
  public String name() {
    return "Kafka Streams passthrough, "
        + guarantee
        + (suffix.length == 0 ? "" : ", +" + suffix.length + " bytes per record");
  }

  /** Bytes appended to every value it writes (0: the records are copied unchanged). */
  public int suffixBytes() {
    return suffix.length;
  }

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    return Map.of(output(tag), outputPartitions);
  }

  @Override
  public boolean threadsNamedByTag() {
    return true;
  }

  @Override
  public String groupId(String tag) {
    return tag + ".streams";
  }

  private static String output(String tag) {
    return tag + ".streams-out";
  }

  /** The topology: source → sink, bytes unchanged. */
  public static Topology build(String input, String output) {
    return build(input, output, new byte[0]);
  }

  /** The topology: source → sink, {@code suffix} appended to every value (none when empty). */
  static Topology build(String input, String output, byte[] suffix) {
    StreamsBuilder builder = new StreamsBuilder();
    var stream =
        builder.stream(
            input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source"));
    if (suffix.length > 0) {
      stream =
          stream.mapValues(
              v -> {
                if (v == null) {
                  return null;
                }
                byte[] out = java.util.Arrays.copyOf(v, v.length + suffix.length);
                System.arraycopy(suffix, 0, out, v.length, suffix.length);
                return out;
              },
              org.apache.kafka.streams.kstream.Named.as("append"));
    }
    stream.to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("sink"));
    return builder.build();
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    Map<String, Object> props = new HashMap<>(cluster.clientProps());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, groupId(tag));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee.streamsValue());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    // As the router and the cost-ingestor run (each task reads one partition): no idling, unless
    // --client-property says otherwise (for the router too).
    props.putIfAbsent(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    producerSettings.forEach((k, v) -> props.put(StreamsConfig.producerPrefix(k), v));
    props.put(StreamsConfig.producerPrefix("linger.ms"), (int) linger.toMillis());
    return StreamsSubject.start(name(), build(inputTopic, output(tag), suffix), props);
  }
}
