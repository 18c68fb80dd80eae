package io.fiso.router.internal;

import io.fiso.avro.InvocationRequest;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SystemLimitException;

/**
 * Where the fields of one InvocationRequest lie in its Avro bytes, found without decoding it: the
 * router's fast path reads the few fields routing needs from here and copies the request's bytes
 * into the routed record unchanged.
 *
 * <p>{@link #of} accepts only bytes that a decode followed by an encode with the generated class
 * (what the router did before) gives back unchanged: every number in its shortest varint, every
 * string valid UTF-8, the array in one block. It rejects (returns null) everything else, including
 * anything Avro's own reader would refuse; the caller then takes the full decode path, which
 * dead-letters what cannot be read. The one thing it cannot judge from the bytes alone is the order
 * of the labels map: the reader builds a {@link java.util.HashMap} and the writer follows its
 * order, so the caller compares that once per distinct labels encoding.
 *
 * <p>The layout is the one of the generated {@link InvocationRequest} schema; {@link #SUPPORTED} is
 * false (and the fast path off) if that schema ever differs from the layout written here.
 */
final class RequestScan {

  /** The Parsing Canonical Form of the InvocationRequest layout this class reads. */
  static final String LAYOUT =
      "{\"name\":\"io.fiso.avro.InvocationRequest\",\"type\":\"record\",\"fields\":["
          + "{\"name\":\"invocationId\",\"type\":\"string\"},"
          + "{\"name\":\"function\",\"type\":\"string\"},"
          + "{\"name\":\"payload\",\"type\":\"bytes\"},"
          + "{\"name\":\"contentType\",\"type\":\"string\"},"
          + "{\"name\":\"mode\",\"type\":{\"name\":\"io.fiso.avro.InvocationMode\",\"type\":\"enum\","
          + "\"symbols\":[\"SYNC\",\"ASYNC\"]}},"
          + "{\"name\":\"deadline\",\"type\":[\"null\",\"long\"]},"
          + "{\"name\":\"preferredProvider\",\"type\":[\"null\",{\"name\":\"io.fiso.avro.Provider\","
          + "\"type\":\"enum\",\"symbols\":[\"AWS\",\"AZURE\",\"GCP\"]}]},"
          + "{\"name\":\"preferredRegion\",\"type\":[\"null\",\"string\"]},"
          + "{\"name\":\"labels\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
          + "{\"name\":\"requestedAt\",\"type\":\"long\"},"
          + "{\"name\":\"attempt\",\"type\":\"int\"},"
          + "{\"name\":\"excludedProviders\",\"type\":{\"type\":\"array\","
          + "\"items\":\"io.fiso.avro.Provider\"}},"
          + "{\"name\":\"traceparent\",\"type\":[\"null\",\"string\"]}]}";

  /** Whether the generated InvocationRequest has the layout this class reads. */
  static final boolean SUPPORTED = hasLayout(InvocationRequest.getClassSchema());

  private static final int MODE_SYMBOLS = 2;
  private static final int PROVIDER_SYMBOLS = 3;

  /** Larger collections take the full path (Avro's own allocation limits then apply). */
  private static final long MAX_ITEMS = 1024;

  /** Thrown inside the scan for anything not accepted; never escapes. */
  private static final class Rejected extends RuntimeException {
    Rejected() {
      super("not on the fast path", null, false, false);
    }
  }

  private static final Rejected REJECTED = new Rejected();

  final byte[] data;
  final int start;
  final int end;
  private int pos;

  int idStart;
  int idLength;
  int functionField;
  int functionStart;
  int functionLength;
  int payloadLength;

  /** The preferredProvider field: preferredProvider, preferredRegion and labels follow. */
  int hintsStart;

  int labelsStart;
  int labelsEnd;
  long labelCount;
  int excludedStart;
  int excludedEnd;

  private RequestScan(byte[] data, int start, int end) {
    this.data = data;
    this.start = start;
    this.end = end;
    this.pos = start;
  }

  /** Whether records written with {@code writer} have this class's layout. */
  static boolean hasLayout(Schema writer) {
    try {
      return LAYOUT.equals(SchemaNormalization.toParsingForm(writer));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Scans the Avro body {@code data[start, end)} of an InvocationRequest; null when it is not in
   * the form the fast path copies unchanged (or not valid at all).
   */
  static RequestScan of(byte[] data, int start, int end) {
    RequestScan s = new RequestScan(data, start, end);
    try {
      s.scan();
      return s;
    } catch (Rejected | AvroRuntimeException e) {
      return null; // AvroRuntimeException: a SystemLimitException, Avro's limits
    }
  }

  private void scan() {
    idStart = stringBody();
    idLength = pos - idStart;
    functionField = pos;
    functionStart = stringBody();
    functionLength = pos - functionStart;
    long payload = length();
    SystemLimitException.checkMaxBytesLength(payload);
    payloadLength = (int) payload;
    pos += payloadLength;
    stringBody(); // contentType
    index(MODE_SYMBOLS);
    if (index(2) == 1) { // deadline
      varLong();
    }
    hintsStart = pos;
    if (index(2) == 1) { // preferredProvider
      index(PROVIDER_SYMBOLS);
    }
    if (index(2) == 1) { // preferredRegion
      stringBody();
    }
    labelsStart = pos;
    labelCount = blockCount();
    for (long i = 0; i < labelCount; i++) {
      stringBody();
      stringBody();
    }
    end(labelCount);
    labelsEnd = pos;
    varLong(); // requestedAt
    varInt(); // attempt
    excludedStart = pos;
    long excluded = blockCount();
    for (long i = 0; i < excluded; i++) {
      index(PROVIDER_SYMBOLS);
    }
    end(excluded);
    excludedEnd = pos;
    if (index(2) == 1) { // traceparent
      stringBody();
    }
    if (pos != end) {
      throw REJECTED; // bytes left over
    }
  }

  /** The invocation id (not blank is for the caller to check). */
  String invocationId() {
    return new String(data, idStart, idLength, StandardCharsets.UTF_8);
  }

  /** Whether the function name is blank, as {@link String#isBlank()} would say. */
  boolean functionBlank() {
    return blank(data, functionStart, functionLength);
  }

  /** Whether the invocation id is blank, as {@link String#isBlank()} would say. */
  boolean invocationIdBlank() {
    return blank(data, idStart, idLength);
  }

  private static boolean blank(byte[] data, int start, int length) {
    for (int i = start; i < start + length; i++) {
      int b = data[i];
      if (b < 0) {
        return new String(data, start, length, StandardCharsets.UTF_8).isBlank();
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------- reading

  /** A string's length and UTF-8 bytes; returns where the bytes start. */
  private int stringBody() {
    long length = length();
    SystemLimitException.checkMaxStringLength(length);
    int from = pos;
    if (!validUtf8(data, from, (int) length)) {
      throw REJECTED;
    }
    pos += (int) length;
    return from;
  }

  /** A non-negative length that fits in what is left. */
  private long length() {
    long length = varLong();
    if (length < 0 || length > end - pos) {
      throw REJECTED;
    }
    return length;
  }

  /** A union branch or enum symbol: an int in [0, count). */
  private int index(int count) {
    int i = varInt();
    if (i < 0 || i >= count) {
      throw REJECTED;
    }
    return i;
  }

  /** The item count of a collection written as the Java encoder writes it: one block, or none. */
  private long blockCount() {
    long count = varLong();
    if (count < 0 || count > MAX_ITEMS) {
      throw REJECTED; // a block with its byte size, or larger than the fast path takes
    }
    if (count > 0) {
      SystemLimitException.checkMaxCollectionLength(0L, count);
    }
    return count;
  }

  /** The end of a collection of {@code count} items (0 = the empty collection already ended). */
  private void end(long count) {
    if (count > 0 && varLong() != 0) {
      throw REJECTED; // a second block
    }
  }

  /** An Avro int in its shortest encoding. */
  private int varInt() {
    int raw = 0;
    for (int i = 0; i < 5; i++) {
      if (pos >= end) {
        throw REJECTED;
      }
      int b = data[pos++] & 0xff;
      raw |= (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        if ((i > 0 && b == 0) || (i == 4 && b > 0x0f)) {
          throw REJECTED; // longer than needed, or more than 32 bits
        }
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw REJECTED;
  }

  /** An Avro long in its shortest encoding. */
  private long varLong() {
    long raw = 0;
    for (int i = 0; i < 10; i++) {
      if (pos >= end) {
        throw REJECTED;
      }
      int b = data[pos++] & 0xff;
      raw |= (long) (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        if ((i > 0 && b == 0) || (i == 9 && b > 0x01)) {
          throw REJECTED; // longer than needed, or more than 64 bits
        }
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw REJECTED;
  }

  /**
   * Whether {@code data[from, from + length)} is well-formed UTF-8 (no overlong forms, surrogates
   * or code points past U+10FFFF): exactly the bytes that decode to a String and encode back
   * unchanged.
   */
  static boolean validUtf8(byte[] data, int from, int length) {
    int i = from;
    int end = from + length;
    while (i < end) {
      int c = data[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      if (c < 0xc2 || c > 0xf4) {
        return false;
      }
      if (c < 0xe0) {
        if (i + 1 >= end || !continuation(data[i + 1])) {
          return false;
        }
        i += 2;
      } else if (c < 0xf0) {
        if (i + 2 >= end || !continuation(data[i + 1]) || !continuation(data[i + 2])) {
          return false;
        }
        int c1 = data[i + 1] & 0xff;
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0)) {
          return false; // overlong, or a surrogate
        }
        i += 3;
      } else {
        if (i + 3 >= end
            || !continuation(data[i + 1])
            || !continuation(data[i + 2])
            || !continuation(data[i + 3])) {
          return false;
        }
        int c1 = data[i + 1] & 0xff;
        if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90)) {
          return false; // overlong, or past U+10FFFF
        }
        i += 4;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
