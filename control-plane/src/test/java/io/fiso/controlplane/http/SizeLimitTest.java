package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.support.Results;
import io.fiso.controlplane.support.TestApi;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SizeLimitTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestApi api = new TestApi(ControlPlaneConfig.builder().maxRequestBytes(1024));

  SizeLimitTest() {
    api.gateway.answer =
        r -> CompletableFuture.completedFuture(Results.succeeded(r, Results.SAMPLE_JSON));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aBodyAtTheLimitIsAccepted() {
    HttpResponse<String> response = api.post("/api/v1/orchestrate", "x".repeat(1024));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(api.gateway.requests.get(0).getPayload().remaining()).isEqualTo(1024);
  }

  @Test
  void aLargerBodyIs413BeforeAnythingIsProduced() throws Exception {
    HttpResponse<String> response = api.post("/api/v1/orchestrate", "x".repeat(1025));

    assertThat(response.statusCode()).isEqualTo(413);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:payload-too-large");
    assertThat(problem.get("limitBytes").asLong()).isEqualTo(1024);
    assertThat(api.gateway.requests).isEmpty();
  }

  @Test
  void aChunkedBodyOverTheLimitIs413Too() {
    HttpRequest request =
        api.request("/api/v1/orchestrate")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[4096])))
            .build();

    HttpResponse<String> response = api.send(request);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(api.gateway.requests).isEmpty();
  }
}
