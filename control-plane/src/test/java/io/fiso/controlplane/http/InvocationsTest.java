package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationStatus;
import io.fiso.controlplane.invocation.InvocationIds;
import io.fiso.controlplane.invocation.InvocationLookup;
import io.fiso.controlplane.support.Results;
import io.fiso.controlplane.support.TestApi;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvocationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TestApi api = TestApi.withDefaults();

  @AfterEach
  void stop() {
    api.close();
  }

  private static InvocationRequest request(String id) {
    return InvocationRequest.newBuilder()
        .setInvocationId(id)
        .setFunction("fiso-sample")
        .setPayload(ByteBuffer.allocate(0))
        .setRequestedAt(Instant.parse("2026-11-26T10:00:00Z"))
        .setLabels(Map.of("team", "payments"))
        .build();
  }

  @Test
  void aKnownResultIsServedAsJsonWithTheFunctionsResponseEmbedded() throws Exception {
    String id = InvocationIds.next(Instant.now());
    api.gateway.lookups.put(
        id, new InvocationLookup.Found(Results.succeeded(request(id), Results.SAMPLE_JSON)));

    HttpResponse<String> response = api.get("/api/v1/invocations/" + id);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("invocationId").asText()).isEqualTo(id);
    assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(body.get("provider").asText()).isEqualTo("aws");
    assertThat(body.get("costUsd").asText()).isEqualTo("0.0000002083");
    assertThat(body.at("/response/platform").asText()).isEqualTo("AWS Lambda");
    assertThat(body.at("/labels/team").asText()).isEqualTo("payments");
    assertThat(response.headers().firstValue("X-Fiso-Cost-Usd")).hasValue("0.0000002083");
  }

  @Test
  void theResponseEndpointAnswersLikeSyncOrchestrate() throws Exception {
    String ok = InvocationIds.next(Instant.now());
    api.gateway.lookups.put(
        ok, new InvocationLookup.Found(Results.succeeded(request(ok), Results.SAMPLE_JSON)));
    String rejected = InvocationIds.next(Instant.now());
    api.gateway.lookups.put(
        rejected,
        new InvocationLookup.Found(
            Results.failed(
                request(rejected), InvocationStatus.REJECTED, 422, "PolicyInactive", "inactive")));

    HttpResponse<String> success = api.get("/api/v1/invocations/" + ok + "/response");
    HttpResponse<String> failure = api.get("/api/v1/invocations/" + rejected + "/response");

    assertThat(success.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(success.body()).get("message").asText())
        .isEqualTo("Hello from the FISO Sample App!");
    assertThat(failure.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(failure.body()).get("reason").asText()).isEqualTo("PolicyInactive");
  }

  @Test
  void aPendingInvocationIs202WithRetryAfter() throws Exception {
    String id = InvocationIds.next(Instant.now());
    api.gateway.lookups.put(
        id, new InvocationLookup.Pending(Instant.now(), Instant.now().plusSeconds(30)));

    HttpResponse<String> response = api.get("/api/v1/invocations/" + id);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("PENDING");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void anUnknownIdIs404AndSaysWhenItIsOlderThanTheCache() throws Exception {
    String recent = InvocationIds.next(Instant.now());
    String old = InvocationIds.next(Instant.parse("2026-01-01T00:00:00Z"));
    Instant since = Instant.parse("2026-11-26T09:00:00Z");
    api.gateway.lookups.put(recent, new InvocationLookup.Unknown(since, false));
    api.gateway.lookups.put(old, new InvocationLookup.Unknown(since, true));

    HttpResponse<String> notYet = api.get("/api/v1/invocations/" + recent);
    HttpResponse<String> evicted = api.get("/api/v1/invocations/" + old);

    assertThat(notYet.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(notYet.body()).get("detail").asText()).contains("retry shortly");
    assertThat(evicted.statusCode()).isEqualTo(404);
    JsonNode problem = JSON.readTree(evicted.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:invocation-not-found");
    assertThat(problem.get("detail").asText()).contains("older").contains("fiso.results");
  }
}
