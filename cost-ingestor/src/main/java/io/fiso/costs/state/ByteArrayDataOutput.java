package io.fiso.costs.state;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.util.Arrays;

/**
 * A {@link DataOutput} into a growing byte array: the same bytes as {@link
 * java.io.DataOutputStream} over a {@link java.io.ByteArrayOutputStream}, without their locks and
 * per-byte stream calls. The cost-ingestor writes its state (a provider's statistics with two
 * histograms of a few hundred buckets each) once per cost event, so this is on its hot path.
 */
final class ByteArrayDataOutput implements DataOutput {

  private byte[] buf;
  private int size;

  ByteArrayDataOutput(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** A copy of the bytes written. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  int size() {
    return size;
  }

  private void ensure(int more) {
    int needed = size + more;
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  @Override
  public void writeBoolean(boolean v) {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) {
    write(v);
  }

  @Override
  public void writeShort(int v) {
    ensure(2);
    BigEndian.SHORT.set(buf, size, (short) v);
    size += 2;
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    BigEndian.INT.set(buf, size, v);
    size += 4;
  }

  @Override
  public void writeLong(long v) {
    ensure(8);
    BigEndian.LONG.set(buf, size, v);
    size += 8;
  }

  @Override
  public void writeFloat(float v) {
    writeInt(Float.floatToIntBits(v));
  }

  /**
   * As {@link java.io.DataOutputStream#writeDouble}: the bits of {@link Double#doubleToLongBits}.
   */
  @Override
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) {
    int len = s.length();
    ensure(len);
    for (int i = 0; i < len; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  @Override
  public void writeChars(String s) {
    int len = s.length();
    ensure(2 * len);
    for (int i = 0; i < len; i++) {
      BigEndian.SHORT.set(buf, size, (short) s.charAt(i));
      size += 2;
    }
  }

  /** Modified UTF-8 with a two-byte length, as {@link java.io.DataOutputStream#writeUTF}. */
  @Override
  public void writeUTF(String s) throws UTFDataFormatException {
    int len = s.length();
    int encoded = len;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == 0) {
        encoded += c >= 0x800 ? 2 : 1;
      }
    }
    if (encoded > 65535) {
      throw new UTFDataFormatException(
          "string too long to write: " + encoded + " bytes encoded (at most 65535)");
    }
    ensure(2 + encoded);
    BigEndian.SHORT.set(buf, size, (short) encoded);
    size += 2;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80 && c != 0) {
        buf[size++] = (byte) c;
      } else if (c < 0x800) {
        buf[size++] = (byte) (0xC0 | (c >> 6));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      } else {
        buf[size++] = (byte) (0xE0 | (c >> 12));
        buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }
}
