package io.fiso.bench.baseline;

import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.Scenario;
import io.fiso.bench.harness.StreamsSubject;
import io.fiso.bench.harness.Subject;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * What Kafka Streams itself costs: a topology that copies bytes from the input to one output topic,
 * with the same guarantee and commit interval as the router under test.
 */
public final class StreamsPassthrough implements Scenario {

  private final Baseline b;

  public StreamsPassthrough(Baseline baseline) {
    this.b = baseline;
  }

  public Guarantee guarantee() {
    return b.guarantee();
  }

  @Override
  public String name() {
    return b.name("Kafka Streams passthrough");
  }

  /** Bytes appended to every value it writes (0: the records are copied unchanged). */
  public int suffixBytes() {
    return b.suffix().length;
  }

  @Override
  public Map<String, Integer> outputTopics(String tag) {
    return Map.of(output(tag), b.outputPartitions());
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

  /**
   * The topology: source → sink, {@code b}'s suffix appended to every value (if any); keys, headers
   * and timestamps pass unchanged.
   */
  static Topology topology(String input, String output, Baseline b) {
    StreamsBuilder builder = new StreamsBuilder();
    var stream =
        builder.stream(
            input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("source"));
    if (b.suffix().length > 0) {
      stream = stream.mapValues(b::append, Named.as("append"));
    }
    stream.to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("sink"));
    return builder.build();
  }

  /**
   * The application's settings: {@code clientProps} (bootstrap servers, --client-property), then
   * the baseline's guarantee, commit interval, threads, producer settings and linger.
   */
  static Map<String, Object> properties(
      Map<String, Object> clientProps, String applicationId, Baseline b) {
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, b.guarantee().streamsValue());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, b.commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, b.threads());
    // As the router and the cost-ingestor run (each task reads one partition): no idling, unless
    // --client-property says otherwise (for the router too).
    props.putIfAbsent(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    b.producerSettings().forEach((k, v) -> props.put(StreamsConfig.producerPrefix(k), v));
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) b.linger().toMillis());
    return props;
  }

  @Override
  public Subject start(String tag, String inputTopic) {
    return StreamsSubject.start(
        name(),
        topology(inputTopic, output(tag), b),
        properties(b.cluster().clientProps(), groupId(tag), b));
  }
}
