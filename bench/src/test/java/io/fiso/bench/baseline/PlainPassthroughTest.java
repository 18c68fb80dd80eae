package io.fiso.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.bench.harness.Guarantee;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class PlainPassthroughTest {

  private static final byte[] SUFFIX = {0x02, 0x06, 'a', 'w', 's', 0x00};

  private static Baseline baseline() {
    return Baseline.of(
        null, Guarantee.ALOS, Duration.ofMillis(100), Duration.ofMillis(1), 6, Map.of());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<byte[], byte[]> input(byte[] key, byte[] value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", bytes("t-1"));
    return new ConsumerRecord<>(
        "in",
        3,
        42L,
        1_700_000_000_000L,
        TimestampType.CREATE_TIME,
        key.length,
        value == null ? -1 : value.length,
        key,
        value,
        headers,
        Optional.empty());
  }

  @Test
  void theSizedLoopWritesEachValueWithTheSuffixAndTheKeyUnchanged() {
    ProducerRecord<byte[], byte[]> out =
        PlainPassthrough.outputRecord(
            input(bytes("b-7"), bytes("request")), "out", baseline().withSuffix(SUFFIX));
    assertThat(out.topic()).isEqualTo("out");
    assertThat(out.key()).isEqualTo(bytes("b-7"));
    assertThat(out.value()).isEqualTo(bytes("request\u0002\u0006aws\u0000"));
    assertThat(out.headers().lastHeader("trace").value()).isEqualTo(bytes("t-1"));
    assertThat(out.timestamp()).isEqualTo(1_700_000_000_000L);
    // the producer's partitioner spreads the output, as the Streams passthrough's does
    assertThat(out.partition()).isNull();
  }

  @Test
  void withoutASuffixTheValueIsCopiedUnchangedAndTombstonesStayTombstones() {
    ConsumerRecord<byte[], byte[]> in = input(bytes("b-7"), bytes("request"));
    assertThat(PlainPassthrough.outputRecord(in, "out", baseline()).value())
        .isEqualTo(bytes("request"));
    assertThat(
            PlainPassthrough.outputRecord(
                    input(bytes("b-8"), null), "out", baseline().withSuffix(SUFFIX))
                .value())
        .isNull();
  }

  @Test
  void moreLoopsThanInputPartitionsIsRejectedNamingThreadsAndThePartitionCount() {
    assertThatThrownBy(() -> PlainPassthrough.requireAPartitionPerLoop(8, 6, "r-1.p1.input"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--threads 8")
        .hasMessageContaining("6 partitions of r-1.p1.input")
        .hasMessageContaining("--threads 6 or fewer");
    assertThatCode(() -> PlainPassthrough.requireAPartitionPerLoop(6, 6, "r-1.p1.input"))
        .doesNotThrowAnyException();
  }
}
