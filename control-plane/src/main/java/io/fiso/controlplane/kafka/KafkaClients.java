package io.fiso.controlplane.kafka;

import io.fiso.controlplane.ControlPlaneConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The control plane's Kafka client settings: tunables first, then the user's pass-through settings
 * (which may change them), then what correctness needs (acks, idempotence, no auto-commit,
 * read_committed, serializers), which nothing overrides.
 */
public final class KafkaClients {

  /** Record overhead allowed on top of the largest accepted request body. */
  static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

  private KafkaClients() {}

  /** Idempotent producer, acks=all, failing within 5 s when Kafka cannot be reached. */
  public static Map<String, Object> producer(ControlPlaneConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    long maxRecord = config.maxRequestBytes() + RECORD_OVERHEAD_BYTES;
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxRecord));
    props.putAll(config.kafka());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }

  /**
   * A consumer that is assigned partitions (no group, no commits) and sees only committed records
   * (the router writes rejections in transactions).
   */
  public static Map<String, Object> assignedConsumer(
      ControlPlaneConfig config, String clientId, String autoOffsetReset) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    props.putAll(config.kafka());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** An admin client for readiness checks. */
  public static Map<String, Object> admin(ControlPlaneConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.putAll(config.kafka());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    return props;
  }
}
