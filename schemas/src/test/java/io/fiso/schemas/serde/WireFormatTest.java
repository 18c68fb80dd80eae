package io.fiso.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.InvocationRequest;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Bytes that are not a record in Confluent's wire format are poison, named by where they are. */
class WireFormatTest {

  private static final String TOPIC = "fiso.invocations";

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroDeserializer<InvocationRequest> deserializer =
      new AvroDeserializer<>(registry, InvocationRequest.class);

  private byte[] valid() {
    return new AvroSerializer<InvocationRequest>(registry, false, true)
        .serialize(TOPIC, Samples.invocationRequest());
  }

  private static ConsumerRecord<String, byte[]> at(int partition, long offset, byte[] value) {
    return new ConsumerRecord<>(TOPIC, partition, offset, "inv-0001", value);
  }

  private void assertRejected(byte[] bytes, WireFormatException.Reason reason) {
    assertThatThrownBy(() -> deserializer.deserialize(at(3, 42L, bytes)))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.topic()).isEqualTo(TOPIC);
              assertThat(e.partition()).isEqualTo(3);
              assertThat(e.offset()).isEqualTo(42L);
              assertThat(e.getMessage())
                  .contains("topic " + TOPIC + " partition 3 offset 42")
                  .contains(reason.name());
            });
  }

  @Test
  void wrongMagicByte() {
    byte[] bytes = valid();
    bytes[0] = 1;
    assertRejected(bytes, WireFormatException.Reason.WRONG_MAGIC_BYTE);
  }

  @Test
  void plainJsonIsNotAvro() {
    assertRejected(
        "{\"invocationId\":\"inv-0001\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        WireFormatException.Reason.WRONG_MAGIC_BYTE);
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = valid();
    ByteBuffer.wrap(bytes).putInt(1, 4711);
    assertRejected(bytes, WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
    assertThatThrownBy(() -> deserializer.deserialize(at(3, 42L, bytes)))
        .hasMessageContaining("schema id 4711");
  }

  @Test
  void truncatedHeader() {
    assertRejected(new byte[] {0, 0, 0}, WireFormatException.Reason.TRUNCATED);
  }

  @Test
  void truncatedBody() {
    byte[] bytes = valid();
    assertRejected(Arrays.copyOf(bytes, bytes.length / 2), WireFormatException.Reason.TRUNCATED);
  }

  @Test
  void bytesLeftOverAfterTheRecord() {
    byte[] bytes = valid();
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertRejected(longer, WireFormatException.Reason.CORRUPT_AVRO);
  }

  @Test
  void emptyValue() {
    assertRejected(new byte[0], WireFormatException.Reason.EMPTY);
  }

  @Test
  void theKafkaDeserializerPathNamesTheTopicWithoutInventingCoordinates() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {7, 0, 0, 0, 1}))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> {
              assertThat(e.partition()).isEqualTo(-1);
              assertThat(e.offset()).isEqualTo(-1);
              assertThat(e.getMessage()).contains("topic " + TOPIC).doesNotContain("partition");
              assertThat(e.at(5, 99L).getMessage()).contains("partition 5 offset 99");
            });
  }

  @Test
  void aValidRecordAfterAPoisonOneStillDecodes() {
    byte[] good = valid();
    byte[] bad = Arrays.copyOf(good, 8);
    assertThatThrownBy(() -> deserializer.deserialize(at(0, 1L, bad)))
        .isInstanceOf(WireFormatException.class);

    assertThat(deserializer.deserialize(at(0, 2L, good))).isEqualTo(Samples.invocationRequest());
  }
}
