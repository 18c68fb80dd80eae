package io.fiso.schemas.serde;

import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in Confluent's wire format: magic byte 0, the schema's registry id as a
 * 4-byte big-endian int, then Avro binary. The subject is {@code <topic>-value} (or {@code -key}).
 * With auto-registration on, the record's schema is registered on first use; off (production), it
 * must already be registered and is only looked up. Either way the registry is asked once per
 * subject and schema.
 *
 * <p>Takes generated (specific) records, and generic records too (logical types as BigDecimal,
 * Instant, ... or as their Avro base types).
 *
 * <p>Two ways to make one: {@link #AvroSerializer(SchemaRegistryClient, boolean, boolean)} in code,
 * or by Kafka from configuration ({@code value.serializer=io.fiso.schemas.serde.AvroSerializer})
 * through the no-argument constructor and {@link #configure}, which reads {@link
 * AvroSerdeConfig#SCHEMA_REGISTRY_URL} (plus the registry client's auth/TLS settings), {@link
 * AvroSerdeConfig#AUTO_REGISTER_SCHEMAS} (default true) and the subject name strategies.
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

  static {
    io.fiso.schemas.AvroTrust.install();
  }

  static final byte MAGIC_BYTE = 0;

  private volatile SchemaRegistryClient registry;
  private volatile boolean isKey;
  private volatile boolean autoRegister = true;
  private volatile SubjectNameStrategy subjects = SubjectNameStrategy.TOPIC;
  private final boolean givenRegistry;
  private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

  /** For Kafka's config-based instantiation: {@link #configure} must be called before use. */
  public AvroSerializer() {
    this.givenRegistry = false;
  }

  /**
   * A serializer on a given registry. Kafka does not call {@link #configure} on instances passed to
   * a producer; if something does, the given registry and settings are kept.
   */
  public AvroSerializer(SchemaRegistryClient registry, boolean isKey, boolean autoRegister) {
    this.registry = java.util.Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
    this.autoRegister = autoRegister;
    this.givenRegistry = true;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (givenRegistry) {
      return;
    }
    this.isKey = isKey;
    this.autoRegister = bool(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
    String strategySetting =
        isKey
            ? AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY
            : AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY;
    this.subjects = SubjectNameStrategy.parse(strategySetting, configs.get(strategySetting));
    this.registry = SchemaRegistryClients.fromConfig(configs);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    SchemaRegistryClient client = registry;
    if (client == null) {
      throw new IllegalStateException(
          "AvroSerializer is not configured: construct it with a registry client, or let Kafka"
              + " create it and set "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    Schema schema = data.getSchema();
    int id = schemaId(client, topic, schema);
    DatumWriter<T> writer = writers.computeIfAbsent(schema, s -> writerFor(s, data));
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

  /**
   * The registry id this serializer writes in front of records of {@code schema} on {@code topic}:
   * registered (auto-registration on) or looked up, once per subject and schema, exactly as {@link
   * #serialize} does. For callers that assemble the Avro body themselves.
   *
   * @throws SerializationException when the schema is not usable under the topic's subject
   */
  public int schemaId(String topic, Schema schema) {
    SchemaRegistryClient client = registry;
    if (client == null) {
      throw new IllegalStateException(
          "AvroSerializer is not configured: construct it with a registry client, or let Kafka"
              + " create it and set "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    return schemaId(client, topic, schema);
  }

  private int schemaId(SchemaRegistryClient client, String topic, Schema schema) {
    String subject = subjects.subject(topic, isKey, schema);
    Map<Schema, Integer> bySchema = ids.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer id = bySchema.get(schema);
    if (id == null) {
      id = register(client, subject, schema);
      bySchema.put(schema, id);
    }
    return id;
  }

  private DatumWriter<T> writerFor(Schema schema, T sample) {
    if (sample instanceof SpecificRecord) {
      return new SpecificDatumWriter<>(schema, SpecificData.getForClass(sample.getClass()));
    }
    return new GenericDatumWriter<>(schema, AvroModels.GENERIC_WITH_CONVERSIONS);
  }

  private int register(SchemaRegistryClient client, String subject, Schema schema) {
    try {
      return autoRegister ? client.register(subject, schema) : client.lookup(subject, schema).id();
    } catch (RuntimeException e) {
      throw new SerializationException(
          "Schema "
              + schema.getFullName()
              + " is not usable under subject "
              + subject
              + (autoRegister
                  ? ""
                  : " (" + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=false: register it first)")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static boolean bool(Map<String, ?> configs, String name, boolean fallback) {
    Object value = configs.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().strip();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(name, value, "must be true or false");
  }
}
