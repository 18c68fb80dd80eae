package io.fiso.costs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for the cost-ingestor's own state and repartition records: a format byte, then the fields
 * in a fixed order. These bytes never leave the application (changelog and repartition topics), so
 * they carry no registry id; a new layout gets a new format byte and the reader keeps reading the
 * old one.
 */
public final class StateSerde<T> implements Serde<T> {

  /** Writes the fields of a value. */
  @FunctionalInterface
  public interface Writer<T> {
    void write(T value, DataOutput out) throws IOException;
  }

  /** Reads the fields of a value written in {@code format}. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(int format, DataInput in) throws IOException;
  }

  private final String name;
  private final byte format;
  private final Writer<T> writer;
  private final Reader<T> reader;

  /**
   * The size of the last value written (plus a little): the next write starts with a buffer this
   * large, so a value of a few kilobytes (statistics with their histograms) is not copied while it
   * grows. A benign race between stream threads only costs a copy.
   */
  private int sizeHint = 128;

  public StateSerde(String name, int format, Writer<T> writer, Reader<T> reader) {
    this.name = name;
    this.format = (byte) format;
    this.writer = writer;
    this.reader = reader;
  }

  public byte[] toBytes(T value) {
    if (value == null) {
      return null;
    }
    try {
      ByteArrayDataOutput out = new ByteArrayDataOutput(sizeHint);
      out.writeByte(format);
      writer.write(value, out);
      sizeHint = out.size() + 32;
      return out.toByteArray();
    } catch (IOException e) {
      throw new SerializationException("Cannot write " + name + ": " + e.getMessage(), e);
    }
  }

  public T fromBytes(byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      ByteArrayDataInput in = new ByteArrayDataInput(data);
      int f = in.readByte();
      if (f < 1 || f > format) {
        throw new SerializationException(
            "Cannot read "
                + name
                + ": format "
                + f
                + " is unknown (this version reads 1-"
                + format
                + ")");
      }
      return reader.read(f, in);
    } catch (IOException e) {
      throw new SerializationException("Cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> toBytes(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> fromBytes(data);
  }

  public static void writeDecimal(DataOutput out, BigDecimal value) throws IOException {
    byte[] unscaled = value.unscaledValue().toByteArray();
    out.writeInt(value.scale());
    out.writeShort(unscaled.length);
    out.write(unscaled);
  }

  public static BigDecimal readDecimal(DataInput in) throws IOException {
    int scale = in.readInt();
    byte[] unscaled = new byte[in.readUnsignedShort()];
    in.readFully(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  public static void writeNullableString(DataOutput out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  public static String readNullableString(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
