package io.fiso.router.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary with the generated class's own schema, for the router's in-memory stores. The
 * stores are private to this process and never written to a topic, so no schema registry is
 * involved (a registry serde would register subjects for topics that do not exist).
 *
 * <p>The router reads the same few records (the function's policy, the price sheets of its targets,
 * their statistics) for every invocation. An in-memory store hands back the very array it holds
 * until the key is written again, so decoded values are remembered by array identity: a record is
 * decoded once per version, not once per invocation. Decoded values are shared and must not be
 * modified.
 */
final class BinaryAvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** Decoded values remembered (by array identity) at most. */
  static final int DECODED_CACHE_SIZE = 4096;

  /** A stored array, equal only to itself. */
  private record Stored(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Stored other && other.bytes == bytes;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(bytes);
    }
  }

  private final Map<Stored, T> decoded =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Stored, T> eldest) {
              return size() > DECODED_CACHE_SIZE;
            }
          });
  private final SpecificDatumWriter<T> writer;
  private final SpecificDatumReader<T> reader;

  BinaryAvroSerde(Class<T> type) {
    SpecificData data = SpecificData.getForClass(type);
    Schema schema = data.getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, data);
    this.reader = new SpecificDatumReader<>(schema, schema, data);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      try {
        writer.write(value, encoder);
        encoder.flush();
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("cannot store " + value.getClass().getSimpleName(), e);
      }
      return out.toByteArray();
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      Stored key = new Stored(bytes);
      T value = decoded.get(key);
      if (value != null) {
        return value;
      }
      try {
        value = reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        decoded.put(key, value);
        return value;
      } catch (IOException | RuntimeException e) {
        throw new SerializationException("cannot read a stored record", e);
      }
    };
  }
}
