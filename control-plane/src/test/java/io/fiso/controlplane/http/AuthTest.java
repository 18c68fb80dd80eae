package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.controlplane.ApiTokens;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.support.Results;
import io.fiso.controlplane.support.TestApi;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthTest {

  private static final String INVOKE = "invoke-token-0123456789abcdef";
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String POLICY =
      "name: sample\nstrategy: PINNED\ntargets:\n  - provider: aws\n    region: us-east-1\n"
          + "    target: arn:aws:lambda:us-east-1:123456789012:function:fiso-sample\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TestApi api =
      new TestApi(
          ControlPlaneConfig.builder()
              .tokens(ApiTokens.parse("invoke:" + INVOKE + ",admin:" + ADMIN, "test")));

  AuthTest() {
    api.gateway.answer =
        r -> CompletableFuture.completedFuture(Results.succeeded(r, Results.SAMPLE_JSON));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void withoutATokenTheApiAnswers401WithABearerChallenge() throws Exception {
    HttpResponse<String> response = api.post("/api/v1/orchestrate", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer");
    assertThat(JSON.readTree(response.body()).get("type").asText())
        .isEqualTo("urn:fiso:problem:unauthorized");
    assertThat(api.gateway.requests).isEmpty();
  }

  @Test
  void anUnknownTokenIs401() {
    HttpResponse<String> response =
        api.post("/api/v1/orchestrate", null, "Authorization", "Bearer " + INVOKE + "x");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");
  }

  @Test
  void anInvokeTokenInvokesButCannotChangePolicies() {
    HttpResponse<String> invoked =
        api.post("/api/v1/orchestrate", null, "Authorization", "Bearer " + INVOKE);
    HttpResponse<String> read = api.get("/api/v1/policies", "Authorization", "Bearer " + INVOKE);
    HttpResponse<String> write =
        api.put("/api/v1/policies/checkout", POLICY, "Authorization", "Bearer " + INVOKE);

    assertThat(invoked.statusCode()).isEqualTo(200);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("insufficient_scope")
        .contains("admin");
    assertThat(api.policies.list()).isEmpty();
  }

  @Test
  void anAdminTokenAlsoInvokes() {
    HttpResponse<String> write =
        api.put("/api/v1/policies/checkout", POLICY, "Authorization", "Bearer " + ADMIN);
    HttpResponse<String> invoked =
        api.post("/api/v1/orchestrate", null, "authorization", "bearer " + ADMIN);

    assertThat(write.statusCode()).isEqualTo(201);
    assertThat(invoked.statusCode()).isEqualTo(200);
  }

  @Test
  void healthMetricsAndTheOpenApiDocumentNeedNoToken() {
    assertThat(api.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(api.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(api.get("/metrics").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/openapi.json").statusCode()).isEqualTo(200);
  }
}
