package io.fiso.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.bench.harness.Guarantee;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class StreamsPassthroughTest {

  private static final byte[] SUFFIX = {0x02, 0x06, 'a', 'w', 's', 0x00};

  private static Baseline baseline(Guarantee g) {
    return Baseline.of(
        null, g, Duration.ofMillis(100), Duration.ofMillis(5), 6, Map.of("batch.size", 131072));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Pipes {@code value} under {@code key} through the topology of {@code b}; the one output. */
  private static TestRecord<byte[], byte[]> through(Baseline b, byte[] key, byte[] value) {
    Properties props = new Properties();
    props.putAll(StreamsPassthrough.properties(Map.of("bootstrap.servers", "unused:9092"), "t", b));
    try (TopologyTestDriver driver =
        new TopologyTestDriver(StreamsPassthrough.topology("in", "out", b), props)) {
      TestInputTopic<byte[], byte[]> in =
          driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
      TestOutputTopic<byte[], byte[]> out =
          driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
      RecordHeaders headers = new RecordHeaders();
      headers.add("trace", bytes("t-1"));
      in.pipeInput(new TestRecord<>(key, value, headers, 1_700_000_000_000L));
      TestRecord<byte[], byte[]> record = out.readRecord();
      assertThat(out.isEmpty()).isTrue();
      return record;
    }
  }

  @Test
  void theSizedPassthroughWritesEachValueWithTheSuffixAndTheKeyUnchanged() {
    TestRecord<byte[], byte[]> out =
        through(baseline(Guarantee.ALOS).withSuffix(SUFFIX), bytes("b-7"), bytes("request"));
    assertThat(out.key()).isEqualTo(bytes("b-7"));
    assertThat(out.value()).isEqualTo(bytes("request\u0002\u0006aws\u0000"));
    assertThat(out.value()).hasSize("request".length() + SUFFIX.length);
    assertThat(out.headers().lastHeader("trace").value()).isEqualTo(bytes("t-1"));
    assertThat(out.timestamp()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void withoutASuffixTheRecordsAreCopiedUnchanged() {
    TestRecord<byte[], byte[]> out =
        through(baseline(Guarantee.EOS), bytes("b-7"), bytes("request"));
    assertThat(out.key()).isEqualTo(bytes("b-7"));
    assertThat(out.value()).isEqualTo(bytes("request"));
  }

  @Test
  void aTombstoneStaysATombstone() {
    TestRecord<byte[], byte[]> out =
        through(baseline(Guarantee.ALOS).withSuffix(SUFFIX), bytes("b-7"), null);
    assertThat(out.key()).isEqualTo(bytes("b-7"));
    assertThat(out.value()).isNull();
  }

  @Test
  void itsProducerLingersAsLongAsTheSystemItIsComparedWith() {
    Map<String, Object> props =
        StreamsPassthrough.properties(
            Map.of("bootstrap.servers", "k:9092"), "d-1.streams", baseline(Guarantee.EOS));
    assertThat(props)
        .containsEntry(StreamsConfig.producerPrefix("linger.ms"), 5)
        .containsEntry(StreamsConfig.producerPrefix("batch.size"), 131072)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "d-1.streams")
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);
    // every producer setting is one the producer knows
    props.keySet().stream()
        .filter(k -> k.startsWith(StreamsConfig.PRODUCER_PREFIX))
        .map(k -> k.substring(StreamsConfig.PRODUCER_PREFIX.length()))
        .forEach(
            k ->
                assertThat(org.apache.kafka.clients.producer.ProducerConfig.configNames())
                    .contains(k));
  }
}
