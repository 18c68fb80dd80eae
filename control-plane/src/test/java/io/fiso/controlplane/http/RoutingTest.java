package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.controlplane.support.TestApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestApi api = TestApi.withDefaults();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void anUnknownPathIsA404ProblemPointingToTheOpenApiDocument() throws Exception {
    HttpResponse<String> response = api.get("/api/v2/orchestrate");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:not-found");
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("detail").asText()).contains("/api/v1/openapi.json");
    assertThat(problem.get("instance").asText()).isEqualTo("/api/v2/orchestrate");
  }

  @Test
  void aWrongMethodIs405WithTheAllowedOnes() {
    HttpResponse<String> response = api.get("/api/v1/orchestrate");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void theOpenApiDocumentDescribesEveryRouteServedAndNothingElse() throws Exception {
    JsonNode doc = JSON.readTree(api.get("/api/v1/openapi.json").body());
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");

    List<String> documented = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey()));
    }
    List<String> served = ApiServer.describe(api.controlPlane.routes());

    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void everyReferenceInTheOpenApiDocumentResolves() throws Exception {
    JsonNode doc = JSON.readTree(ControlPlaneApi.openApi());
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);

    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asText());
                } else {
                  collectRefs(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }

  @Test
  void metricsExposeJvmAndHttpRequestTimersInPrometheusText() {
    api.get("/healthz");

    HttpResponse<String> response = api.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    assertThat(response.body())
        .contains("jvm_memory_used_bytes")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/healthz\"}");
  }

  @Test
  void readinessReportsEachCheckAndIs503WhenOneFails() throws Exception {
    assertThat(api.get("/readyz").statusCode()).isEqualTo(200);

    api.gateway.readiness =
        io.fiso.controlplane.HealthCheck.failing("results-consumer", "topic fiso.results missing");
    HttpResponse<String> response = api.get("/readyz");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("NOT_READY");
    assertThat(body.get("checks").toString()).contains("topic fiso.results missing");
    assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
  }
}
