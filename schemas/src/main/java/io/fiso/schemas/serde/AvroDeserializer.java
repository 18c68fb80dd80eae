package io.fiso.schemas.serde;

import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro. The writer's schema comes from the registry by the id in the
 * bytes (once per id) and is resolved against the reader's schema, so an older reader reads a newer
 * record and the reverse, within Avro's resolution rules.
 *
 * <p>What it reads into:
 *
 * <ul>
 *   <li>a generated class: {@link #AvroDeserializer(SchemaRegistryClient, Class)}, or from
 *       configuration {@link AvroSerdeConfig#READER_CLASS} (or Confluent's {@code
 *       specific.avro.value.type} / {@code specific.avro.key.type});
 *   <li>the generated class named by each writer schema: Confluent's {@code
 *       specific.avro.reader=true};
 *   <li>otherwise {@link GenericRecord}s in the writer's schema (logical types as BigDecimal,
 *       Instant, ... unless {@link AvroSerdeConfig#USE_LOGICAL_TYPE_CONVERTERS} is false).
 * </ul>
 *
 * <p>Bytes that are not a record of this format raise {@link WireFormatException} (a poison record,
 * naming topic, partition and offset when known); a registry that cannot be reached raises {@link
 * SchemaRegistryException} (retriable: the record itself may be fine).
 */
public final class AvroDeserializer<T> implements Deserializer<T> {

  static {
    io.fiso.schemas.AvroTrust.install();
  }

  private enum Mode {
    /** One reader schema (a generated class's, or one given) for every writer. */
    FIXED,
    /** The generated class named by each writer schema. */
    SPECIFIC_BY_WRITER,
    /** Generic records in the writer's schema. */
    GENERIC
  }

  private volatile SchemaRegistryClient registry;
  private volatile Mode mode = Mode.GENERIC;
  private volatile Schema readerSchema;
  private volatile GenericData model = AvroModels.GENERIC_WITH_CONVERSIONS;
  private final boolean givenRegistry;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  /** For Kafka's config-based instantiation: {@link #configure} must be called before use. */
  public AvroDeserializer() {
    this.givenRegistry = false;
  }

  /** Reads into a generated class ({@code GenericRecord.class} reads generic records). */
  public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.givenRegistry = true;
    if (type == GenericRecord.class || type == Object.class) {
      this.mode = Mode.GENERIC;
    } else {
      readInto(type, "type");
    }
  }

  /**
   * Reads with an explicit reader schema: into its generated class when one with exactly this
   * schema is on the classpath, else into generic records of that schema.
   */
  public AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.givenRegistry = true;
    this.mode = Mode.FIXED;
    this.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
    Class<?> generated = generatedClass(readerSchema.getFullName());
    boolean sameSchema =
        generated != null
            && SpecificRecord.class.isAssignableFrom(generated)
            && SpecificData.getForClass(generated).getSchema(generated).equals(readerSchema);
    this.model = sameSchema ? AvroModels.specific(generated) : AvroModels.GENERIC_WITH_CONVERSIONS;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (givenRegistry) {
      return;
    }
    Object readerClass = configs.get(AvroSerdeConfig.READER_CLASS);
    String readerSetting = AvroSerdeConfig.READER_CLASS;
    if (readerClass == null) {
      readerSetting =
          isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
      readerClass = configs.get(readerSetting);
    }
    if (readerClass != null && !readerClass.toString().isBlank()) {
      readInto(loadReaderClass(readerSetting, readerClass), readerSetting);
    } else if (AvroSerializer.bool(configs, AvroSerdeConfig.SPECIFIC_AVRO_READER, false)) {
      this.mode = Mode.SPECIFIC_BY_WRITER;
    } else {
      this.mode = Mode.GENERIC;
      this.model =
          AvroSerializer.bool(configs, AvroSerdeConfig.USE_LOGICAL_TYPE_CONVERTERS, true)
              ? AvroModels.GENERIC_WITH_CONVERSIONS
              : GenericData.get();
    }
    this.registry = SchemaRegistryClients.fromConfig(configs);
  }

  private void readInto(Class<?> type, String setting) {
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new ConfigException(
          setting, type.getName(), "is not a generated Avro class (SpecificRecord)");
    }
    SpecificData data = AvroModels.specific(type);
    this.mode = Mode.FIXED;
    this.model = data;
    this.readerSchema = data.getSchema(type);
  }

  private static Class<?> loadReaderClass(String setting, Object value) {
    if (value instanceof Class<?> c) {
      return c;
    }
    Class<?> type = generatedClass(value.toString().strip());
    if (type == null) {
      throw new ConfigException(setting, value, "no such class on the classpath");
    }
    return type;
  }

  private static Class<?> generatedClass(String name) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (ClassLoader loader :
        new ClassLoader[] {context, AvroDeserializer.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // try the next loader
      }
    }
    return null;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return decode(topic, -1, -1, data);
  }

  /** Decodes a raw record, naming its topic, partition and offset in any error. */
  public T deserialize(ConsumerRecord<?, byte[]> record) {
    return decode(record.topic(), record.partition(), record.offset(), record.value());
  }

  /** Decodes bytes, naming the given coordinates in any error. */
  public T decode(String topic, int partition, long offset, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException(
          "AvroDeserializer is not configured: construct it with a registry client, or let Kafka"
              + " create it and set "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    if (data.length == 0) {
      throw new WireFormatException(
          topic, partition, offset, WireFormatException.Reason.EMPTY, "no bytes", null);
    }
    if (data[0] != AvroSerializer.MAGIC_BYTE) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.WRONG_MAGIC_BYTE,
          "first byte is " + data[0] + ", expected 0 (Confluent wire format)",
          null);
    }
    if (data.length < 5) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.TRUNCATED,
          data.length + " bytes, a record needs at least 5 (magic byte + schema id)",
          null);
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    DatumReader<T> reader = readerFor(topic, partition, offset, id);
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, decoders.get());
    decoders.set(decoder);
    try {
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new WireFormatException(
            topic,
            partition,
            offset,
            WireFormatException.Reason.CORRUPT_AVRO,
            "bytes left over after the record (schema id " + id + ")",
            null);
      }
      return value;
    } catch (EOFException e) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.TRUNCATED,
          "the record ends early for schema id " + id,
          e);
    } catch (IOException
        | AvroRuntimeException
        | ClassCastException
        | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.CORRUPT_AVRO,
          "not valid Avro for schema id " + id + ": " + e,
          e);
    }
  }

  private DatumReader<T> readerFor(String topic, int partition, long offset, int id) {
    DatumReader<T> reader = readers.get(id);
    if (reader != null) {
      return reader;
    }
    Schema writer;
    try {
      writer = registry.getById(id);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw new WireFormatException(
            topic,
            partition,
            offset,
            WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
            "schema id " + id + " is not in the registry",
            e);
      }
      throw e;
    }
    try {
      reader = newReader(writer);
    } catch (AvroRuntimeException e) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.UNREADABLE_SCHEMA,
          "schema id "
              + id
              + " ("
              + writer.getFullName()
              + ") cannot be read"
              + (readerSchema == null ? "" : " as " + readerSchema.getFullName())
              + ": "
              + e.getMessage(),
          e);
    }
    readers.put(id, reader);
    return reader;
  }

  private DatumReader<T> newReader(Schema writer) {
    switch (mode) {
      case FIXED -> {
        checkReadable(readerSchema, writer);
        return model instanceof SpecificData specific
            ? new SpecificDatumReader<>(writer, readerSchema, specific)
            : new GenericDatumReader<>(writer, readerSchema, model);
      }
      case SPECIFIC_BY_WRITER -> {
        Class<?> type = generatedClass(writer.getFullName());
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
          throw new AvroRuntimeException(
              "no generated class "
                  + writer.getFullName()
                  + " on the classpath ("
                  + AvroSerdeConfig.SPECIFIC_AVRO_READER
                  + "=true reads into the class named by the writer schema; set "
                  + AvroSerdeConfig.READER_CLASS
                  + " to read into another)");
        }
        SpecificData data = AvroModels.specific(type);
        checkReadable(data.getSchema(type), writer);
        return new SpecificDatumReader<>(writer, data.getSchema(type), data);
      }
      default -> {
        return new GenericDatumReader<>(writer, writer, model);
      }
    }
  }

  private static void checkReadable(Schema reader, Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      StringBuilder why = new StringBuilder();
      for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
        why.append(why.length() == 0 ? "" : "; ")
            .append(i.getType())
            .append(" at ")
            .append(i.getLocation())
            .append(": ")
            .append(i.getMessage());
      }
      throw new AvroRuntimeException("the schemas are incompatible: " + why);
    }
  }
}
