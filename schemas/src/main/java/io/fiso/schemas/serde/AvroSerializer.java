package io.fiso.schemas.serde;

import io.fiso.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in Confluent's wire format: magic byte 0, the schema's registry id as a
 * 4-byte big-endian int, then Avro binary. The subject is {@code <topic>-value} (or {@code -key}).
 * With auto-registration on, the record's schema is registered on first use; off (production), it
 * must already be registered and is only looked up. Either way the registry is asked once per
 * subject and schema.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  static final byte MAGIC_BYTE = 0;

  private final SchemaRegistryClient registry;
  private final boolean isKey;
  private final boolean autoRegister;
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

  public AvroSerializer(SchemaRegistryClient registry, boolean isKey, boolean autoRegister) {
    this.registry = registry;
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Schema schema = data.getSchema();
    String subject = topic + (isKey ? "-key" : "-value");
    int id =
        ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
            .computeIfAbsent(schema, s -> schemaId(subject, s));
    DatumWriter<T> writer =
        writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.get()));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
    encoders.set(encoder);
    try {
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot serialize "
              + schema.getFullName()
              + " for topic "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private int schemaId(String subject, Schema schema) {
    try {
      return autoRegister
          ? registry.register(subject, schema)
          : registry.lookup(subject, schema).id();
    } catch (RuntimeException e) {
      throw new SerializationException(
          "Schema "
              + schema.getFullName()
              + " is not usable under subject "
              + subject
              + (autoRegister ? "" : " (auto-registration is off: register it first)")
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
