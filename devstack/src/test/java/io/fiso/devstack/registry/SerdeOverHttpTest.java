package io.fiso.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.InvocationRequest;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.serde.WireFormatException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A producer and a consumer, each with its own registry client, over HTTP: the registry is asked
 * once per schema (producer) and once per id (consumer), however many records pass.
 */
class SerdeOverHttpTest {

  private HttpServer server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private String url;

  @BeforeEach
  void start() throws IOException {
    SchemaRegistryApi api = new SchemaRegistryApi(new InMemorySchemaRegistry());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests
              .computeIfAbsent(
                  exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                  k -> new AtomicInteger())
              .incrementAndGet();
          api.handle(exchange);
        });
    server.start();
    url = "http://localhost:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int count(String request) {
    AtomicInteger n = requests.get(request);
    return n == null ? 0 : n.get();
  }

  static InvocationRequest request(int i) {
    return InvocationRequest.newBuilder()
        .setInvocationId("inv-" + i)
        .setFunction("checkout")
        .setPayload(ByteBuffer.wrap(("{\"n\":" + i + "}").getBytes()))
        .setRequestedAt(Instant.parse("2026-11-03T10:15:30.123Z").plusMillis(i))
        .setLabels(Map.of("team", "payments"))
        .build();
  }

  @Test
  void theRegistryIsAskedOncePerSchemaAndOncePerId() {
    AvroSerializer<InvocationRequest> producer =
        new AvroSerializer<>(HttpSchemaRegistryClient.builder(url).build(), false, true);
    AvroDeserializer<InvocationRequest> consumer =
        new AvroDeserializer<>(
            HttpSchemaRegistryClient.builder(url).build(), InvocationRequest.class);

    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      written.add(producer.serialize("fiso.invocations", request(i)));
    }
    int id = ByteBuffer.wrap(written.get(0), 1, 4).getInt();
    for (int i = 0; i < 100; i++) {
      assertThat(consumer.deserialize("fiso.invocations", written.get(i))).isEqualTo(request(i));
    }

    assertThat(count("POST /subjects/fiso.invocations-value/versions")).isEqualTo(1);
    assertThat(count("GET /schemas/ids/" + id)).isEqualTo(1);
    assertThat(requests).hasSize(2);
  }

  @Test
  void aSecondRecordTypeIsOneMoreRegistrationAndOneMoreFetch() {
    AvroSerializer<org.apache.avro.specific.SpecificRecord> producer =
        new AvroSerializer<>(HttpSchemaRegistryClient.builder(url).build(), false, true);
    AvroDeserializer<Object> consumer =
        new AvroDeserializer<>(HttpSchemaRegistryClient.builder(url).build(), Object.class);
    FinOpsAlert alert =
        FinOpsAlert.newBuilder()
            .setAlertId("a-1")
            .setScope("function:checkout")
            .setKind(io.fiso.avro.AlertKind.BUDGET_EXCEEDED)
            .setSeverity(io.fiso.avro.AlertSeverity.CRITICAL)
            .setMessage("Budget exceeded")
            .setAmount(new BigDecimal("50.01"))
            .setRaisedAt(Instant.parse("2026-11-03T10:15:30Z"))
            .build();

    for (int i = 0; i < 10; i++) {
      consumer.deserialize("fiso.invocations", producer.serialize("fiso.invocations", request(i)));
      consumer.deserialize("fiso.alerts", producer.serialize("fiso.alerts", alert));
    }

    assertThat(count("POST /subjects/fiso.invocations-value/versions")).isEqualTo(1);
    assertThat(count("POST /subjects/fiso.alerts-value/versions")).isEqualTo(1);
    assertThat(requests.keySet().stream().filter(k -> k.startsWith("GET /schemas/ids/")).count())
        .isEqualTo(2);
    assertThat(requests.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(4);
  }

  @Test
  void anUnknownIdOverHttpIsAPoisonRecordNamingItsCoordinates() {
    AvroDeserializer<InvocationRequest> consumer =
        new AvroDeserializer<>(
            HttpSchemaRegistryClient.builder(url).build(), InvocationRequest.class);
    byte[] unknown = {0, 0, 0, 0x30, 0x39, 2, 'x'};

    WireFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            WireFormatException.class,
            () ->
                consumer.deserialize(
                    new ConsumerRecord<>("fiso.invocations", 4, 1234L, "k", unknown)));

    assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
    assertThat(e.getMessage())
        .contains("topic fiso.invocations partition 4 offset 1234")
        .contains("schema id 12345");
  }
}
