package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingStrategy;
import io.fiso.controlplane.support.TestApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoliciesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CHECKOUT_YAML =
      """
      function: checkout
      name: checkout-cost-saver
      strategy: CHEAPEST
      targets:
        - provider: aws
          region: us-east-1
          target: arn:aws:lambda:us-east-1:123456789012:function:fiso-sample
          memoryMb: 512
        - provider: gcp
          region: us-central1
          target: https://us-central1-myproj.cloudfunctions.net/fiso-sample
          memoryMb: 512
      """;

  private final TestApi api = TestApi.withDefaults();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void putCreatesThenReplacesWithTheNextVersion() throws Exception {
    HttpResponse<String> created =
        api.put("/api/v1/policies/checkout", CHECKOUT_YAML, "Content-Type", "application/yaml");
    HttpResponse<String> replaced =
        api.put(
            "/api/v1/policies/checkout",
            CHECKOUT_YAML.replace("CHEAPEST", "FASTEST"),
            "Content-Type",
            "application/yaml");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/policies/checkout");
    assertThat(JSON.readTree(created.body()).get("version").asLong()).isEqualTo(1);
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(replaced.body()).get("version").asLong()).isEqualTo(2);
    assertThat(api.policies.get("checkout").orElseThrow().getStrategy())
        .isEqualTo(RoutingStrategy.FASTEST);
  }

  @Test
  void getReturnsThePolicyInTheFileFormatAsJsonOrYaml() throws Exception {
    api.put("/api/v1/policies/checkout", CHECKOUT_YAML);

    HttpResponse<String> json = api.get("/api/v1/policies/checkout");
    HttpResponse<String> yaml = api.get("/api/v1/policies/checkout", "Accept", "application/yaml");
    HttpResponse<String> list = api.get("/api/v1/policies");

    JsonNode policy = JSON.readTree(json.body());
    assertThat(policy.get("strategy").asText()).isEqualTo("CHEAPEST");
    assertThat(policy.at("/targets/1/provider").asText()).isEqualTo("gcp");
    assertThat(yaml.headers().firstValue("Content-Type")).hasValue("application/yaml");
    assertThat(yaml.body()).contains("function: checkout").contains("strategy: CHEAPEST");
    assertThat(JSON.readTree(list.body()).get("policies")).hasSize(1);
  }

  @Test
  void aJsonBodyWithoutAFunctionTakesThePaths() throws Exception {
    String body =
        "{\"name\":\"p\",\"strategy\":\"PINNED\",\"targets\":[{\"provider\":\"azure\","
            + "\"region\":\"eastus\",\"target\":\"https://app.azurewebsites.net/api/fiso-sample\"}]}";

    HttpResponse<String> response =
        api.put("/api/v1/policies/reports", body, "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(api.policies.get("reports").orElseThrow().getTargets().get(0).getProvider())
        .isEqualTo(Provider.AZURE);
  }

  @Test
  void theSeedsPolicyRowBecomesTheDefaultPolicy() throws Exception {
    String seed =
        """
        name: default-cost-saver
        default_provider: aws
        default_arn: arn:aws:lambda:us-east-1:123456789012:function:fiso_sample_app_py
        """;

    HttpResponse<String> response = api.put("/api/v1/policies/*", seed);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(api.policies.get("*").orElseThrow().getStrategy()).isEqualTo(RoutingStrategy.PINNED);
  }

  @Test
  void anInvalidPolicyIs422ListingEveryProblemAndNothingIsWritten() throws Exception {
    String invalid =
        """
        function: checkout
        name: broken
        strategy: CHEAPEST_WITHIN_SLO
        targets:
          - provider: oracle
            region: us-east-1
            target: x
        """;

    HttpResponse<String> response = api.put("/api/v1/policies/checkout", invalid);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:fiso:problem:invalid-policy");
    assertThat(problem.get("errors").size()).isGreaterThanOrEqualTo(2);
    assertThat(problem.get("errors").toString()).contains("latencySloMs").contains("provider");
    assertThat(api.policies.list()).isEmpty();
  }

  @Test
  void aBodyForAnotherFunctionIsRefused() throws Exception {
    HttpResponse<String> response = api.put("/api/v1/policies/payments", CHECKOUT_YAML);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(response.body()).get("detail").asText())
        .contains("checkout")
        .contains("payments");
  }

  @Test
  void putOnTheCollectionAppliesAFileOfSeveralPolicies() throws Exception {
    String file =
        """
        policies:
          - function: checkout
            name: checkout-cost-saver
            strategy: CHEAPEST
            targets:
              - provider: aws
                region: us-east-1
                target: arn:aws:lambda:us-east-1:123456789012:function:fiso-sample
          - function: "*"
            name: default
            strategy: PINNED
            targets:
              - provider: aws
                region: us-east-1
                target: fiso-sample
        """;

    HttpResponse<String> response = api.put("/api/v1/policies", file);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("policies")).hasSize(2);
    assertThat(api.policies.list()).hasSize(2);
  }

  @Test
  void deleteRemovesThePolicyAndAMissingOneIs404WithAHint() throws Exception {
    api.put("/api/v1/policies/checkout", CHECKOUT_YAML);

    HttpResponse<String> deleted = api.delete("/api/v1/policies/checkout");
    HttpResponse<String> again = api.delete("/api/v1/policies/checkout");
    HttpResponse<String> get = api.get("/api/v1/policies/checkout");

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(get.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(get.body()).get("detail").asText()).contains("no default policy");
  }

  @Test
  void aNonYamlBodyIs415() {
    HttpResponse<String> response =
        api.put("/api/v1/policies/checkout", "<policy/>", "Content-Type", "application/xml");

    assertThat(response.statusCode()).isEqualTo(415);
  }
}
