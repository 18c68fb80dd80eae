package io.fiso.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a FISO/Confluent Avro record: wrong magic byte, unknown schema id, truncated
 * or corrupt. Names the topic and, when known, the partition and offset of the record.
 */
public class WireFormatException extends SerializationException {

  /** What was wrong with the bytes. */
  public enum Reason {
    EMPTY,
    WRONG_MAGIC_BYTE,
    TRUNCATED,
    UNKNOWN_SCHEMA_ID,
    UNREADABLE_SCHEMA,
    CORRUPT_AVRO
  }

  private final String topic;
  private final int partition;
  private final long offset;
  private final Reason reason;

  public WireFormatException(
      String topic, int partition, long offset, Reason reason, String detail, Throwable cause) {
    super(describe(topic, partition, offset, reason, detail), cause);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.reason = reason;
  }

  /** The same error with the record's coordinates added. */
  public WireFormatException at(int partition, long offset) {
    return new WireFormatException(topic, partition, offset, reason, detail(), getCause());
  }

  private String detail() {
    String message = getMessage();
    int i = message.indexOf(": ");
    return i < 0 ? message : message.substring(i + 2);
  }

  private static String describe(
      String topic, int partition, long offset, Reason reason, String detail) {
    StringBuilder where = new StringBuilder("topic ").append(topic);
    if (partition >= 0) {
      where.append(" partition ").append(partition);
    }
    if (offset >= 0) {
      where.append(" offset ").append(offset);
    }
    return "Cannot decode Avro record at " + where + " (" + reason + "): " + detail;
  }

  public String topic() {
    return topic;
  }

  /** -1 when the record's partition was not known where the error was raised. */
  public int partition() {
    return partition;
  }

  /** -1 when the record's offset was not known where the error was raised. */
  public long offset() {
    return offset;
  }

  public Reason reason() {
    return reason;
  }
}
