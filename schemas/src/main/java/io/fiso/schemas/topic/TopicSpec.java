package io.fiso.schemas.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic of the catalog: its name, what its records are, and the configuration FISO creates it
 * with. Keys are always plain UTF-8 strings; values are Avro records of {@code valueType}.
 *
 * @param name topic name, fixed by the architecture contract
 * @param valueType the Avro record class of its values
 * @param partitions default partition count (configurable at creation)
 * @param cleanupPolicy {@code delete} or {@code compact}
 * @param retention how long records are kept ({@code null} for compacted topics: forever)
 * @param description what the topic carries, for {@code fiso topics describe}
 */
public record TopicSpec<V extends SpecificRecord>(
    String name,
    Class<V> valueType,
    int partitions,
    String cleanupPolicy,
    Duration retention,
    String description) {

  static {
    io.fiso.schemas.AvroTrust.install();
  }

  public static final String DELETE = "delete";
  public static final String COMPACT = "compact";

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
    }
    if (!DELETE.equals(cleanupPolicy) && !COMPACT.equals(cleanupPolicy)) {
      throw new IllegalArgumentException(
          "topic " + name + ": cleanup.policy must be delete or compact, not " + cleanupPolicy);
    }
  }

  public boolean compacted() {
    return COMPACT.equals(cleanupPolicy);
  }

  /** The topic-level configs FISO sets; the same map is compared against a live topic. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", cleanupPolicy);
    configs.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
    return configs;
  }

  /** Subject of the value schema under Confluent's TopicNameStrategy. */
  public String valueSubject() {
    return name + "-value";
  }

  /** Same topic with another partition count. */
  public TopicSpec<V> withPartitions(int count) {
    return new TopicSpec<>(name, valueType, count, cleanupPolicy, retention, description);
  }
}
