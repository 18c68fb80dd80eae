package io.fiso.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.InvocationRequest;
import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Producers and consumers upgrade at different times: an old consumer (generated class v1) must
 * read what a new producer (v2, one more defaulted field) writes, and a new consumer must read what
 * an old producer wrote. Both directions go through the registry and the wire format.
 */
class SchemaEvolutionTest {

  private static final String TOPIC = "fiso.invocations";

  /** v2 of InvocationRequest as a later release would write it: a new field with a default. */
  static final Schema V2 =
      withExtraField(
          InvocationRequest.getClassSchema(),
          """
      {"name": "priority", "type": "int", "default": 5,
       "doc": "Scheduling priority, 0 (lowest) to 9."}""");

  /** An older InvocationRequest, before traceparent and excludedProviders were added. */
  static final Schema V0 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "InvocationRequest", "namespace": "io.fiso.avro",
               "fields": [
                {"name": "invocationId", "type": "string"},
                {"name": "function", "type": "string"},
                {"name": "payload", "type": "bytes", "default": ""},
                {"name": "contentType", "type": "string", "default": "application/json"},
                {"name": "mode", "type": {"type": "enum", "name": "InvocationMode",
                   "symbols": ["SYNC", "ASYNC"], "default": "SYNC"}, "default": "SYNC"},
                {"name": "deadline", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
                {"name": "preferredProvider", "type": ["null", {"type": "enum", "name": "Provider",
                   "symbols": ["AWS", "AZURE", "GCP"]}], "default": null},
                {"name": "preferredRegion", "type": ["null", "string"], "default": null},
                {"name": "labels", "type": {"type": "map", "values": "string"}, "default": {}},
                {"name": "requestedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                {"name": "attempt", "type": "int", "default": 1}
               ]}
              """);

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  @Test
  void oldConsumerReadsWhatANewProducerWrites() {
    InvocationRequest v1 = Samples.invocationRequest();
    // The topic already has v1 (BACKWARD: v2 must read v1, which its default allows).
    new AvroSerializer<InvocationRequest>(registry, false, true).serialize(TOPIC, v1);
    GenericRecord v2Record = asVersion(v1, V2);
    v2Record.put("priority", 9);

    byte[] bytes =
        new AvroSerializer<GenericRecord>(registry, false, true).serialize(TOPIC, v2Record);
    InvocationRequest read =
        new AvroDeserializer<>(registry, InvocationRequest.class).deserialize(TOPIC, bytes);

    assertThat(registry.getVersions(TOPIC + "-value")).containsExactly(1, 2);
    assertThat(read).isEqualTo(v1);
  }

  @Test
  void newConsumerReadsWhatAnOldProducerWroteWithTheDefault() {
    InvocationRequest v1 = Samples.invocationRequest();
    byte[] bytes =
        new AvroSerializer<InvocationRequest>(registry, false, true).serialize(TOPIC, v1);

    GenericRecord read =
        new AvroDeserializer<GenericRecord>(registry, V2).deserialize(TOPIC, bytes);

    assertThat(read.get("priority")).isEqualTo(5);
    assertThat(read.get("invocationId")).hasToString("inv-0001");
    assertThat(read.get("requestedAt")).isEqualTo(v1.getRequestedAt());
    assertThat(read.get("labels")).isEqualTo(v1.getLabels());
    assertThat(read.get("payload")).isEqualTo(v1.getPayload());
  }

  @Test
  void generatedClassReadsRecordsOfAnOlderProducerWithDefaultsForTheNewFields() {
    GenericRecord old = new GenericData.Record(V0);
    old.put("invocationId", "inv-old");
    old.put("function", "checkout");
    old.put("payload", ByteBuffer.wrap(new byte[] {'{', '}'}));
    old.put("contentType", "application/json");
    old.put("mode", new GenericData.EnumSymbol(V0.getField("mode").schema(), "ASYNC"));
    old.put("deadline", null);
    old.put("preferredProvider", null);
    old.put("preferredRegion", "eu-west-1");
    old.put("labels", Map.of("team", "search"));
    old.put("requestedAt", Samples.REQUESTED);
    old.put("attempt", 1);
    byte[] bytes = new AvroSerializer<GenericRecord>(registry, false, true).serialize(TOPIC, old);

    InvocationRequest read =
        new AvroDeserializer<>(registry, InvocationRequest.class).deserialize(TOPIC, bytes);

    assertThat(read.getInvocationId()).isEqualTo("inv-old");
    assertThat(read.getMode()).hasToString("ASYNC");
    assertThat(read.getRequestedAt()).isEqualTo(Samples.REQUESTED);
    assertThat(read.getExcludedProviders()).isEmpty();
    assertThat(read.getTraceparent()).isNull();
  }

  @Test
  void aNewRequiredFieldIsRefusedByTheRegistry() {
    new AvroSerializer<InvocationRequest>(registry, false, true)
        .serialize(TOPIC, Samples.invocationRequest());
    Schema breaking =
        withExtraField(
            InvocationRequest.getClassSchema(),
            """
            {"name": "tenant", "type": "string"}""");
    GenericRecord record = asVersion(Samples.invocationRequest(), breaking);
    record.put("tenant", "acme");

    assertThatThrownBy(
            () -> new AvroSerializer<GenericRecord>(registry, false, true).serialize(TOPIC, record))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC + "-value")
        .cause()
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.getMessage()).contains("tenant");
            });
  }

  @Test
  void aWriterTheReaderCannotResolveIsAnUnreadableSchemaNotGarbage() {
    registry.setCompatibility(TOPIC + "-value", CompatibilityLevel.NONE);
    Schema other =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "InvocationRequest", "namespace": "io.fiso.avro",
                 "fields": [{"name": "something", "type": "long"}]}""");
    GenericRecord record = new GenericData.Record(other);
    record.put("something", 1L);
    byte[] bytes =
        new AvroSerializer<GenericRecord>(registry, false, true).serialize(TOPIC, record);

    assertThatThrownBy(
            () ->
                new AvroDeserializer<>(registry, InvocationRequest.class)
                    .decode(TOPIC, 0, 17, bytes))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNREADABLE_SCHEMA);
              assertThat(e.offset()).isEqualTo(17);
              assertThat(e.getMessage()).contains("invocationId");
            });
  }

  /** The same data in another version of its schema (fields absent from it are dropped). */
  static GenericRecord asVersion(InvocationRequest request, Schema schema) {
    GenericRecord generic;
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<InvocationRequest>(
              InvocationRequest.getClassSchema(), SpecificData.getForClass(InvocationRequest.class))
          .write(request, encoder);
      encoder.flush();
      generic =
          new GenericDatumReader<GenericRecord>(
                  InvocationRequest.getClassSchema(),
                  InvocationRequest.getClassSchema(),
                  AvroModels.GENERIC_WITH_CONVERSIONS)
              .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GenericData.Record copy = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      if (generic.hasField(f.name())) {
        copy.put(f.name(), generic.get(f.name()));
      }
    }
    return copy;
  }

  static Schema withExtraField(Schema base, String fieldJson) {
    Schema extra =
        new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"Extra\",\"fields\":[" + fieldJson + "]}");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    Schema.Field added = extra.getFields().get(0);
    fields.add(new Schema.Field(added, added.schema()));
    Schema copy =
        Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    base.getObjectProps().forEach(copy::addProp);
    return copy;
  }
}
