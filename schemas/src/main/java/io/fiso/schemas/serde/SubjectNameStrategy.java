package io.fiso.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** How a record's subject is named, as Confluent's subject name strategies. */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: FISO's convention and Confluent's default. */
  TOPIC,
  /** The record's full name, whatever the topic. */
  RECORD,
  /** {@code <topic>-<record full name>}. */
  TOPIC_RECORD;

  /** The subject of a record with this schema on this topic. */
  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC -> topic + (isKey ? "-key" : "-value");
      case RECORD -> schema.getFullName();
      case TOPIC_RECORD -> topic + "-" + schema.getFullName();
    };
  }

  /**
   * Reads a strategy setting: Confluent's class names ({@code
   * io.confluent.kafka.serializers.subject.TopicNameStrategy}, ...) or their simple names; null is
   * the default, TOPIC.
   */
  public static SubjectNameStrategy parse(String setting, Object value) {
    if (value == null) {
      return TOPIC;
    }
    String text = value instanceof Class<?> c ? c.getName() : value.toString().strip();
    String simple = text.substring(text.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (simple) {
      case "", "topicnamestrategy", "topic" -> TOPIC;
      case "recordnamestrategy", "record" -> RECORD;
      case "topicrecordnamestrategy", "topic_record" -> TOPIC_RECORD;
      default ->
          throw new ConfigException(
              setting,
              text,
              "FISO supports TopicNameStrategy, RecordNameStrategy and TopicRecordNameStrategy");
    };
  }
}
