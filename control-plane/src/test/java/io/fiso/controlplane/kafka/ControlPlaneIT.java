package io.fiso.controlplane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.RoutingPolicy;
import io.fiso.controlplane.ControlPlane;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane against the real embedded broker (schemas in an in-JVM registry), with {@link
 * FakePipeline} answering in place of the router and workers.
 */
@FisoKafka
class ControlPlaneIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POLICY =
      """
      name: checkout-cost-saver
      strategy: CHEAPEST
      targets:
        - provider: aws
          region: us-east-1
          target: arn:aws:lambda:us-east-1:123456789012:function:fiso-sample
        - provider: gcp
          region: us-central1
          target: https://us-central1-myproj.cloudfunctions.net/fiso-sample
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaTestEnv kafka;
  private TopicCatalog topics;
  private SchemaRegistryClient registry;
  private FakePipeline pipeline;
  private ControlPlane controlPlane;

  @BeforeEach
  void start(KafkaTestEnv kafka) throws Exception {
    this.kafka = kafka;
    topics = kafka.topics();
    // One registry shared by the control plane and the fake pipeline (both in this JVM).
    registry = new InMemorySchemaRegistry();
    pipeline =
        new FakePipeline(kafka.bootstrapServers(), kafka.name("pipeline"), topics, registry)
            .start();
    controlPlane =
        ControlPlane.builder(
                ControlPlaneConfig.builder()
                    .port(0)
                    .bindAddress("127.0.0.1")
                    .bootstrapServers(kafka.bootstrapServers())
                    .build())
            .schemaRegistry(registry)
            .topics(topics)
            .start();
    awaitReady();
  }

  @AfterEach
  void stop() {
    if (controlPlane != null) {
      controlPlane.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> ready = get("/readyz");
    while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      ready = get("/readyz");
    }
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create(controlPlane.baseUri() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private HttpResponse<String> put(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/yaml")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void syncOrchestrateAnswersWithTheFunctionsJsonAndTheFisoHeaders() throws Exception {
    HttpResponse<String> response = post("/api/v1/orchestrate");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("message").asText()).isEqualTo("Hello from the FISO Sample App!");
    assertThat(body.get("platform").asText()).isEqualTo("AWS Lambda");
    assertThat(response.headers().firstValue("X-Fiso-Invocation-Id")).isPresent();
    assertThat(response.headers().firstValue("X-Fiso-Provider")).hasValue("aws");
    assertThat(response.headers().firstValue("X-Fiso-Cost-Usd")).hasValue("0.0000002083");
  }

  @Test
  void asyncOrchestrateAnswers202AndTheResultCanBeFetched() throws Exception {
    HttpResponse<String> accepted = post("/api/v1/orchestrate?mode=async");

    assertThat(accepted.statusCode()).isEqualTo(202);
    String location = accepted.headers().firstValue("Location").orElseThrow();
    String id = JSON.readTree(accepted.body()).get("invocationId").asText();
    HttpResponse<String> result = get(location);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (result.statusCode() != 200 && System.nanoTime() < deadline) {
      assertThat(result.statusCode()).isIn(202, 404);
      Thread.sleep(100);
      result = get(location);
    }
    assertThat(result.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(result.body());
    assertThat(body.get("invocationId").asText()).isEqualTo(id);
    assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(body.get("statusCode").asInt()).isEqualTo(202);
  }

  @Test
  void aFunctionWithoutAPolicyIs404() throws Exception {
    HttpResponse<String> response = post("/api/v1/orchestrate?function=nope");

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:no-policy");
    assertThat(problem.get("invocationId").asText())
        .isEqualTo(response.headers().firstValue("X-Fiso-Invocation-Id").orElseThrow());
  }

  @Test
  void aNeverAnsweredInvocationIs504WithItsIdAndStaysPending() throws Exception {
    HttpResponse<String> response = post("/api/v1/orchestrate?function=silent&timeout=1s");

    assertThat(response.statusCode()).isEqualTo(504);
    JsonNode problem = JSON.readTree(response.body());
    String id = problem.get("invocationId").asText();
    assertThat(problem.get("location").asText()).isEqualTo("/api/v1/invocations/" + id);
    assertThat(get("/api/v1/invocations/" + id).statusCode()).isEqualTo(202);
  }

  @Test
  void policiesRoundTripThroughTheCompactedTopic() throws Exception {
    HttpResponse<String> created = put("/api/v1/policies/checkout", POLICY);
    HttpResponse<String> replaced =
        put("/api/v1/policies/checkout", POLICY.replace("CHEAPEST", "FASTEST"));
    HttpResponse<String> read = get("/api/v1/policies/checkout");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonNode policy = JSON.readTree(read.body());
    assertThat(policy.get("version").asLong()).isEqualTo(2);
    assertThat(policy.get("strategy").asText()).isEqualTo("FASTEST");

    HttpResponse<String> deleted =
        send(HttpRequest.newBuilder(uri("/api/v1/policies/checkout")).DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(get("/api/v1/policies/checkout").statusCode()).isEqualTo(404);

    List<ConsumerRecord<String, byte[]>> records = readPolicies(3);
    AvroDeserializer<RoutingPolicy> decode = new AvroDeserializer<>(registry, RoutingPolicy.class);
    assertThat(records).extracting(ConsumerRecord::key).containsOnly("checkout");
    assertThat(decode.deserialize(records.get(0)).getVersion()).isEqualTo(1);
    RoutingPolicy second = decode.deserialize(records.get(1));
    assertThat(second.getVersion()).isEqualTo(2);
    assertThat(second.getStrategy().name()).isEqualTo("FASTEST");
    assertThat(records.get(2).value()).as("tombstone").isNull();
  }

  @Test
  void aRestartedControlPlaneReadsThePoliciesBackFromTheTopic() throws Exception {
    assertThat(put("/api/v1/policies/checkout", POLICY).statusCode()).isEqualTo(201);
    controlPlane.close();

    controlPlane =
        ControlPlane.builder(
                ControlPlaneConfig.builder()
                    .port(0)
                    .bindAddress("127.0.0.1")
                    .bootstrapServers(kafka.bootstrapServers())
                    .build())
            .schemaRegistry(registry)
            .topics(topics)
            .start();
    awaitReady();

    assertThat(JSON.readTree(get("/api/v1/policies").body()).get("policies")).hasSize(1);
    HttpResponse<String> again = put("/api/v1/policies/checkout", POLICY);
    assertThat(JSON.readTree(again.body()).get("version").asLong()).isEqualTo(2);
  }

  @Test
  void readinessAndMetricsCoverTheKafkaClients() throws Exception {
    JsonNode ready = JSON.readTree(get("/readyz").body());
    assertThat(ready.get("checks").findValuesAsText("name"))
        .contains("kafka", "results-consumer", "policies");

    post("/api/v1/orchestrate");
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("kafka_producer_").contains("kafka_consumer_");
    assertThat(metrics).contains("uri=\"/api/v1/orchestrate\"");
  }

  private List<ConsumerRecord<String, byte[]>> readPolicies(int count) {
    Map<String, Object> props = kafka.clientProperties();
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition tp = new TopicPartition(topics.policies().name(), 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
