package io.fiso.schemas.serde;

import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into a generated record class. The writer's schema comes from
 * the registry by the id in the bytes (once per id) and is resolved against this class's schema, so
 * an older reader reads a newer record and the reverse, within Avro's resolution rules.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final SchemaRegistryClient registry;
  private final Schema readerSchema;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    this(registry, SpecificData.get().getSchema(type));
  }

  /** Reads with an explicit reader schema (which must match a generated class). */
  public AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
    this.registry = registry;
    this.readerSchema = readerSchema;
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
        | IndexOutOfBoundsException e) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.CORRUPT_AVRO,
          "not valid Avro for schema id " + id + ": " + e.getMessage(),
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
      reader = new SpecificDatumReader<>(writer, readerSchema, SpecificData.get());
    } catch (AvroRuntimeException e) {
      throw new WireFormatException(
          topic,
          partition,
          offset,
          WireFormatException.Reason.UNREADABLE_SCHEMA,
          "schema id " + id + " cannot be read as " + readerSchema.getFullName(),
          e);
    }
    readers.put(id, reader);
    return reader;
  }
}
