package io.fiso.controlplane.kafka;

import io.fiso.avro.ErrorInfo;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands in for the router and a worker: consumes fiso.invocations and writes results to
 * fiso.results. Function {@code fiso-sample} succeeds with the sample app's JSON on AWS, {@code
 * nope} is rejected for want of a policy, {@code silent} is never answered; async requests are
 * accepted (202).
 */
final class FakePipeline implements AutoCloseable {

  static final String SAMPLE_JSON =
      "{\"message\":\"Hello from the FISO Sample App!\",\"platform\":\"AWS Lambda\","
          + "\"java_version\":\"17.0.15\"}";
  static final BigDecimal COST = new BigDecimal("0.0000002083");

  private final TopicCatalog topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final AvroDeserializer<InvocationRequest> requests;
  private final AvroSerializer<InvocationResult> results;
  private final Thread thread;
  private volatile boolean closed;

  FakePipeline(String bootstrap, String group, TopicCatalog topics, SchemaRegistryClient registry) {
    this.topics = topics;
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    this.consumer = new KafkaConsumer<>(c);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(p);
    this.requests = new AvroDeserializer<>(registry, InvocationRequest.class);
    this.results = new AvroSerializer<>(registry, false, true);
    this.thread = new Thread(this::run, "fake-pipeline");
    this.thread.setDaemon(true);
  }

  FakePipeline start() {
    consumer.subscribe(List.of(topics.invocations().name()));
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          InvocationRequest request = requests.deserialize(record);
          InvocationResult result = answer(request);
          if (result != null) {
            producer.send(
                new ProducerRecord<>(
                    topics.results().name(),
                    request.getInvocationId(),
                    results.serialize(topics.results().name(), result)));
          }
        }
        producer.flush();
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private static InvocationResult answer(InvocationRequest request) {
    InvocationResult.Builder r =
        InvocationResult.newBuilder()
            .setInvocationId(request.getInvocationId())
            .setFunction(request.getFunction())
            .setRequestedAt(request.getRequestedAt())
            .setCompletedAt(Instant.now())
            .setLabels(request.getLabels());
    switch (request.getFunction()) {
      case "silent":
        return null;
      case "nope":
        return r.setStatus(InvocationStatus.REJECTED)
            .setStatusCode(422)
            .setError(
                new ErrorInfo("NoPolicy", "No policy for function nope and no default policy"))
            .build();
      default:
        r.setProvider(Provider.AWS)
            .setRegion("us-east-1")
            .setTarget("arn:aws:lambda:us-east-1:123456789012:function:fiso-sample")
            .setProvidersTried(List.of(Provider.AWS))
            .setStatus(InvocationStatus.SUCCEEDED)
            .setCost(COST.setScale(24))
            .setCostEstimated(false);
        if (request.getMode() == InvocationMode.ASYNC) {
          return r.setStatusCode(202).build();
        }
        return r.setStatusCode(200)
            .setResponse(ByteBuffer.wrap(SAMPLE_JSON.getBytes(StandardCharsets.UTF_8)))
            .setResponseContentType("application/json")
            .build();
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
