package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.invocation.InvocationIds;
import io.fiso.controlplane.invocation.KafkaUnavailableException;
import io.fiso.controlplane.support.Results;
import io.fiso.controlplane.support.TestApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrchestrateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private TestApi api;

  @BeforeEach
  void start() {
    api =
        new TestApi(
            ControlPlaneConfig.builder()
                .defaultTimeout(Duration.ofSeconds(10))
                .maxTimeout(Duration.ofMinutes(1)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void theSeedsBareCallAnswersWithTheFunctionsJsonAndFisoHeaders() throws Exception {
    api.gateway.answer =
        r -> CompletableFuture.completedFuture(Results.succeeded(r, Results.SAMPLE_JSON));

    HttpResponse<String> response = api.post("/api/v1/orchestrate", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).get("message").asText()).isEqualTo("Hello from the FISO Sample App!");
    String id = response.headers().firstValue("X-Fiso-Invocation-Id").orElseThrow();
    assertThat(InvocationIds.createdAt(id)).isPresent();
    assertThat(response.headers().firstValue("X-Fiso-Provider")).hasValue("aws");
    assertThat(response.headers().firstValue("X-Fiso-Cost-Usd")).hasValue("0.0000002083");

    InvocationRequest sent = api.gateway.requests.get(0);
    assertThat(sent.getInvocationId()).isEqualTo(id);
    assertThat(sent.getFunction()).isEqualTo("fiso-sample");
    assertThat(sent.getMode()).isEqualTo(InvocationMode.SYNC);
    assertThat(sent.getPayload().remaining()).isZero();
    assertThat(Duration.between(sent.getRequestedAt(), sent.getDeadline()))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void functionPayloadLabelsAndHintsTravelInTheRequest() {
    api.gateway.answer =
        r -> CompletableFuture.completedFuture(Results.succeeded(r, "{\"ok\":true}"));

    HttpResponse<String> response =
        api.post(
            "/api/v1/orchestrate?function=checkout&timeout=2s&label=team:payments"
                + "&label=env:prod&provider=gcp&region=us-central1",
            "order=42",
            "Content-Type",
            "text/plain",
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    assertThat(response.statusCode()).isEqualTo(200);
    InvocationRequest sent = api.gateway.requests.get(0);
    assertThat(sent.getFunction()).isEqualTo("checkout");
    assertThat(StandardCharsets.UTF_8.decode(sent.getPayload()).toString()).isEqualTo("order=42");
    assertThat(sent.getContentType()).isEqualTo("text/plain");
    assertThat(sent.getLabels()).containsEntry("team", "payments").containsEntry("env", "prod");
    assertThat(sent.getPreferredProvider()).isEqualTo(Provider.GCP);
    assertThat(sent.getPreferredRegion()).isEqualTo("us-central1");
    assertThat(sent.getTraceparent()).startsWith("00-0af7");
    assertThat(Duration.between(sent.getRequestedAt(), sent.getDeadline()))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void asyncAnswers202WithTheIdAndWhereToFetchTheResult() throws Exception {
    api.gateway.answer = r -> CompletableFuture.completedFuture(null);

    HttpResponse<String> response = api.post("/api/v1/orchestrate?mode=async", "{}");

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = json(response);
    String id = body.get("invocationId").asText();
    assertThat(body.get("location").asText()).isEqualTo("/api/v1/invocations/" + id);
    assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/invocations/" + id);
    assertThat(api.gateway.requests.get(0).getMode()).isEqualTo(InvocationMode.ASYNC);
  }

  @Test
  void anUnknownFunctionIs404WithAHintAboutPolicies() throws Exception {
    api.gateway.answer =
        r ->
            CompletableFuture.completedFuture(
                Results.failed(
                    r,
                    InvocationStatus.REJECTED,
                    422,
                    "NoPolicy",
                    "No policy for function nope and no default policy"));

    HttpResponse<String> response = api.post("/api/v1/orchestrate?function=nope", null);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:no-policy");
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("detail").asText()).contains("/api/v1/policies/nope");
    assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/orchestrate");
    assertThat(problem.get("invocationId").asText())
        .isEqualTo(api.gateway.requests.get(0).getInvocationId());
  }

  @Test
  void otherRejectionsAre422WithTheReason() throws Exception {
    api.gateway.answer =
        r ->
            CompletableFuture.completedFuture(
                Results.failed(
                    r, InvocationStatus.REJECTED, 422, "BudgetExceeded", "Budget of 50 USD spent"));

    HttpResponse<String> response = api.post("/api/v1/orchestrate", null);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:rejected");
    assertThat(problem.get("reason").asText()).isEqualTo("BudgetExceeded");
    assertThat(problem.get("detail").asText()).contains("Budget of 50 USD spent");
  }

  @Test
  void aFunctionErrorIs502WithTheFunctionsError() throws Exception {
    api.gateway.answer =
        r ->
            CompletableFuture.completedFuture(
                Results.failed(r, InvocationStatus.FUNCTION_ERROR, 500, "Unhandled", "boom"));

    HttpResponse<String> response = api.post("/api/v1/orchestrate", null);

    assertThat(response.statusCode()).isEqualTo(502);
    JsonNode problem = json(response);
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:function-error");
    assertThat(problem.at("/functionError/message").asText()).isEqualTo("boom");
    assertThat(response.headers().firstValue("X-Fiso-Provider")).hasValue("gcp");
  }

  @Test
  void throttlingIs503WithRetryAfterAndAPipelineTimeoutIs504() throws Exception {
    api.gateway.answer =
        r ->
            CompletableFuture.completedFuture(
                Results.failed(r, InvocationStatus.THROTTLED, 429, "TooManyRequests", "slow down"));
    HttpResponse<String> throttled = api.post("/api/v1/orchestrate", null);
    assertThat(throttled.statusCode()).isEqualTo(503);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(throttled).get("type").asText()).isEqualTo("urn:fiso:problem:throttled");

    api.gateway.answer =
        r ->
            CompletableFuture.completedFuture(
                Results.failed(r, InvocationStatus.TIMED_OUT, 504, "DeadlineExceeded", "late"));
    HttpResponse<String> timedOut = api.post("/api/v1/orchestrate", null);
    assertThat(timedOut.statusCode()).isEqualTo(504);
  }

  @Test
  void noResultWithinTheTimeoutIs504WithTheInvocationId() throws Exception {
    api.gateway.answer = r -> new CompletableFuture<>(); // never answered

    HttpResponse<String> response = api.post("/api/v1/orchestrate?timeout=300ms", null);

    assertThat(response.statusCode()).isEqualTo(504);
    JsonNode problem = json(response);
    String id = api.gateway.requests.get(0).getInvocationId();
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:timeout");
    assertThat(problem.get("invocationId").asText()).isEqualTo(id);
    assertThat(problem.get("location").asText()).isEqualTo("/api/v1/invocations/" + id);
    assertThat(response.headers().firstValue("X-Fiso-Invocation-Id")).hasValue(id);
  }

  @Test
  void kafkaUnavailableIs503() throws Exception {
    api.gateway.answer =
        r ->
            CompletableFuture.failedFuture(
                new KafkaUnavailableException("Could not write to fiso.invocations: no broker"));

    HttpResponse<String> sync = api.post("/api/v1/orchestrate", null);
    HttpResponse<String> async = api.post("/api/v1/orchestrate?mode=async", null);

    assertThat(sync.statusCode()).isEqualTo(503);
    assertThat(json(sync).get("type").asText()).isEqualTo("urn:fiso:problem:kafka-unavailable");
    assertThat(json(sync).get("detail").asText()).contains("no broker");
    assertThat(async.statusCode()).isEqualTo(503);
  }

  @Test
  void malformedParametersAre400ProblemsNamingTheParameter() throws Exception {
    HttpResponse<String> mode = api.post("/api/v1/orchestrate?mode=later", null);
    HttpResponse<String> timeout = api.post("/api/v1/orchestrate?timeout=soon", null);
    HttpResponse<String> tooLong = api.post("/api/v1/orchestrate?timeout=2h", null);
    HttpResponse<String> label = api.post("/api/v1/orchestrate?label=team", null);
    HttpResponse<String> star = api.post("/api/v1/orchestrate?function=*", null);

    assertThat(mode.statusCode()).isEqualTo(400);
    assertThat(json(mode).get("detail").asText()).contains("mode");
    assertThat(timeout.statusCode()).isEqualTo(400);
    assertThat(json(timeout).get("detail").asText()).contains("timeout");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(json(tooLong).get("detail").asText()).contains("mode=async");
    assertThat(label.statusCode()).isEqualTo(400);
    assertThat(star.statusCode()).isEqualTo(400);
    assertThat(api.gateway.requests).isEmpty();
  }
}
