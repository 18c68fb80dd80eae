package io.fiso.costs.state;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@link DataInput} over a byte array: reads what {@link java.io.DataOutputStream} (or {@link
 * ByteArrayDataOutput}) wrote, without the locks and per-byte stream calls of a {@link
 * DataInputStream} over a {@link java.io.ByteArrayInputStream}. Reading past the end throws {@link
 * EOFException}, as they do.
 */
final class ByteArrayDataInput implements DataInput {

  private final byte[] buf;
  private int pos;

  ByteArrayDataInput(byte[] buf) {
    this.buf = buf;
  }

  /** Bytes not read yet. */
  int remaining() {
    return buf.length - pos;
  }

  private int take(int n) throws EOFException {
    if (buf.length - pos < n) {
      throw new EOFException("needed " + n + " more bytes at offset " + pos + " of " + buf.length);
    }
    int at = pos;
    pos += n;
    return at;
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    System.arraycopy(buf, take(len), b, off, len);
  }

  @Override
  public int skipBytes(int n) {
    int skipped = Math.max(0, Math.min(n, buf.length - pos));
    pos += skipped;
    return skipped;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return buf[take(1)] != 0;
  }

  @Override
  public byte readByte() throws IOException {
    return buf[take(1)];
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return buf[take(1)] & 0xFF;
  }

  @Override
  public short readShort() throws IOException {
    return (short) BigEndian.SHORT.get(buf, take(2));
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xFFFF;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public int readInt() throws IOException {
    return (int) BigEndian.INT.get(buf, take(4));
  }

  @Override
  public long readLong() throws IOException {
    return (long) BigEndian.LONG.get(buf, take(8));
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  /** Not supported: nothing the cost-ingestor writes is line-oriented. */
  @Override
  public String readLine() {
    throw new UnsupportedOperationException("readLine");
  }

  /** Modified UTF-8 with a two-byte length; strings of ASCII (the usual case) decode directly. */
  @Override
  public String readUTF() throws IOException {
    int length = readUnsignedShort();
    int start = pos;
    if (buf.length - start < length) {
      throw new EOFException(
          "a string of " + length + " bytes at offset " + start + " runs past " + buf.length);
    }
    for (int i = start; i < start + length; i++) {
      if (buf[i] <= 0) {
        pos = start - 2; // not plain ASCII (or a NUL's two-byte form): the JDK's decoder
        return DataInputStream.readUTF(this);
      }
    }
    pos += length;
    return new String(buf, start, length, StandardCharsets.ISO_8859_1);
  }
}
