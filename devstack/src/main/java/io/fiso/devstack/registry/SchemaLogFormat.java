package io.fiso.devstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.util.Locale;
import org.apache.avro.Schema;

/**
 * The records of the {@code _schemas} topic: JSON keys and values in the layout Confluent Schema
 * Registry uses for its own store topic, so that the two can read each other's topic.
 *
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"orders-value","version":1,"magic":1}
 * value {"subject":"orders-value","version":1,"id":7,"schema":"{...}","deleted":false}
 *
 * key   {"keytype":"CONFIG","subject":null,"magic":0}          (null subject = global level)
 * value {"compatibilityLevel":"FULL"}                          (null value = subject level removed)
 * </pre>
 *
 * <p>The topic is compacted, so only the latest value per key survives; a soft delete rewrites the
 * version's key with {@code "deleted":true}. Keys of other types Confluent writes (NOOP,
 * DELETE_SUBJECT, MODE, ...) are skipped when replaying.
 */
final class SchemaLogFormat {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One replayed record. */
  sealed interface LogRecord permits SchemaRecord, ConfigRecord, Skipped {}

  /** A schema version (possibly soft-deleted). */
  record SchemaRecord(InMemorySchemaRegistry.Entry entry) implements LogRecord {}

  /** A compatibility level: subject null = global, level null = removed. */
  record ConfigRecord(String subject, CompatibilityLevel level) implements LogRecord {}

  /** A record this registry does not use, and why. */
  record Skipped(String why) implements LogRecord {}

  private SchemaLogFormat() {}

  static byte[] schemaKey(String subject, int version) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "SCHEMA");
    key.put("subject", subject);
    key.put("version", version);
    key.put("magic", 1);
    return write(key);
  }

  static byte[] schemaValue(InMemorySchemaRegistry.Entry entry) {
    ObjectNode value = JSON.createObjectNode();
    value.put("subject", entry.subject());
    value.put("version", entry.version());
    value.put("id", entry.id());
    value.put("schema", entry.schema().toString());
    value.put("deleted", entry.deleted());
    return write(value);
  }

  static byte[] configKey(String subject) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "CONFIG");
    if (subject == null) {
      key.putNull("subject");
    } else {
      key.put("subject", subject);
    }
    key.put("magic", 0);
    return write(key);
  }

  static byte[] configValue(CompatibilityLevel level) {
    return level == null
        ? null
        : write(JSON.createObjectNode().put("compatibilityLevel", level.name()));
  }

  /**
   * Reads one record of the topic.
   *
   * @throws IllegalArgumentException when the key or value is not what this format says
   */
  static LogRecord read(byte[] keyBytes, byte[] valueBytes) {
    JsonNode key = parse(keyBytes, "key");
    String type = key.path("keytype").asText("");
    switch (type) {
      case "SCHEMA" -> {
        if (valueBytes == null) {
          return new Skipped("a permanently deleted schema version");
        }
        JsonNode value = parse(valueBytes, "value");
        String schemaType = value.path("schemaType").asText("AVRO");
        if (!schemaType.equalsIgnoreCase("AVRO")) {
          return new Skipped("a " + schemaType + " schema (only AVRO is served)");
        }
        if (!value.hasNonNull("subject")
            || !value.path("version").canConvertToInt()
            || !value.path("id").canConvertToInt()
            || !value.path("schema").isTextual()) {
          throw new IllegalArgumentException(
              "a SCHEMA value needs subject, version, id and schema: " + value);
        }
        Schema schema =
            new Schema.Parser().setValidateDefaults(false).parse(value.get("schema").asText());
        return new SchemaRecord(
            new InMemorySchemaRegistry.Entry(
                value.get("subject").asText(),
                value.get("version").asInt(),
                value.get("id").asInt(),
                schema,
                value.path("deleted").asBoolean(false)));
      }
      case "CONFIG" -> {
        JsonNode subjectNode = key.get("subject");
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        if (valueBytes == null) {
          return new ConfigRecord(subject, null);
        }
        JsonNode value = parse(valueBytes, "value");
        String level = value.path("compatibilityLevel").asText(null);
        if (level == null) {
          return new Skipped("a CONFIG value without compatibilityLevel");
        }
        return new ConfigRecord(
            subject, CompatibilityLevel.valueOf(level.toUpperCase(Locale.ROOT)));
      }
      default -> {
        return new Skipped("key type " + (type.isEmpty() ? "(none)" : type));
      }
    }
  }

  private static JsonNode parse(byte[] bytes, String what) {
    if (bytes == null) {
      throw new IllegalArgumentException("the " + what + " is null");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("the " + what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("the " + what + " is not JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }
}
