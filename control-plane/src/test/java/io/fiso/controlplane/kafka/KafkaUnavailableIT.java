package io.fiso.controlplane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.controlplane.ControlPlane;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A control plane whose Kafka is not there: not ready, and orchestrate answers 503. */
class KafkaUnavailableIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void withoutKafkaTheApiIsNotReadyAndOrchestrateIs503() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (ControlPlane cp =
        ControlPlane.builder(
                ControlPlaneConfig.builder()
                    .port(0)
                    .bindAddress("127.0.0.1")
                    .bootstrapServers("127.0.0.1:" + closedPort)
                    .build())
            .schemaRegistry(new InMemorySchemaRegistry())
            .start()) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(URI.create(cp.baseUri() + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> orchestrate =
          http.send(
              HttpRequest.newBuilder(URI.create(cp.baseUri() + "/api/v1/orchestrate?mode=async"))
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("127.0.0.1:" + closedPort);
      assertThat(orchestrate.statusCode()).isEqualTo(503);
      JsonNode problem = JSON.readTree(orchestrate.body());
      assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:kafka-unavailable");
      assertThat(problem.get("invocationId").asText()).isNotBlank();
    }
  }
}
