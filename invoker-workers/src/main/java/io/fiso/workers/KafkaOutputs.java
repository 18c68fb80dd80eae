package io.fiso.workers;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The worker's producer: acks=all and idempotence, so that an acknowledged result or cost event is
 * on every in-sync replica exactly once per send. Keys are the invocation id (UTF-8); values are
 * Confluent-wire-format Avro.
 */
final class KafkaOutputs implements Outputs {

  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerializer<SpecificRecord> values;
  private final TopicCatalog topics;

  KafkaOutputs(
      Map<String, Object> kafka,
      String clientId,
      SchemaRegistryClient registry,
      boolean autoRegister,
      TopicCatalog topics) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A result is what a waiting sync caller reads: the linger is added to every call while the
    // workers are not busy (Kafka's default is 5 ms). 1 ms still lets an invocation's result and
    // cost event, written back to back, share one request (with 0 ms the first send wakes the
    // sender at once and can leave alone); under load batches fill anyway while earlier requests
    // are in flight.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.values = new AvroSerializer<>(registry, false, autoRegister);
    this.topics = topics;
  }

  @Override
  public CompletableFuture<Void> result(InvocationResult result) {
    return send(topics.results().name(), key(result.getInvocationId()), result, Map.of());
  }

  @Override
  public CompletableFuture<Void> cost(CostEvent event) {
    return send(topics.costs().name(), key(event.getInvocationId()), event, Map.of());
  }

  @Override
  public CompletableFuture<Void> failover(InvocationRequest request, Map<String, byte[]> headers) {
    return send(topics.invocations().name(), key(request.getInvocationId()), request, headers);
  }

  @Override
  public CompletableFuture<Void> deadLetter(byte[] key, DeadLetter deadLetter) {
    return send(topics.deadLetter().name(), key, deadLetter, Map.of());
  }

  private static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  private CompletableFuture<Void> send(
      String topic, byte[] key, SpecificRecord value, Map<String, byte[]> headers) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(topic, null, key, values.serialize(topic, value));
      headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v)));
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              done.completeExceptionally(error);
            } else {
              done.complete(null);
            }
          });
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }

  @Override
  public void abort() {
    producer.close(Duration.ZERO);
  }
}
