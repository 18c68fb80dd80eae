package io.fiso.controlplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.backend.CostDimension;
import io.fiso.controlplane.backend.CostQuery;
import io.fiso.controlplane.backend.CostReport;
import io.fiso.controlplane.backend.CostsBackend;
import io.fiso.controlplane.support.TestApi;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CostsAndProvidersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ProviderStats stats(Provider provider, String region, boolean healthy) {
    return ProviderStats.newBuilder()
        .setFunction("fiso-sample")
        .setProvider(provider)
        .setRegion(region)
        .setInvocations(10)
        .setWeightedCount(10)
        .setErrorRate(healthy ? 0.0 : 0.5)
        .setThrottleRate(0.0)
        .setColdStartRate(0.1)
        .setMeanDurationMs(10)
        .setP50DurationMs(9)
        .setP95DurationMs(20)
        .setP99DurationMs(30)
        .setMeanLatencyMs(40)
        .setP50LatencyMs(35)
        .setP95LatencyMs(80)
        .setP99LatencyMs(120)
        .setMeanCost(new BigDecimal("0.0000002").setScale(24))
        .setHealthy(healthy)
        .setHealthReason(healthy ? null : "error rate 50%")
        .setUpdatedAt(Instant.parse("2026-11-26T10:00:00Z"))
        .build();
  }

  @Test
  void costsAreGroupedAsAskedWithExactDecimalStrings() throws Exception {
    AtomicReference<CostQuery> asked = new AtomicReference<>();
    CostsBackend backend =
        query -> {
          asked.set(query);
          return new CostReport(
              query.from(),
              query.to(),
              query.groupBy(),
              List.of(
                  new CostReport.Group(
                      Map.of("provider", "aws", "function", "fiso-sample"),
                      new BigDecimal("0.000000416600000000000000"),
                      new BigDecimal("0.0000004166"),
                      2,
                      false),
                  new CostReport.Group(
                      Map.of("provider", "gcp", "function", "fiso-sample"),
                      new BigDecimal("0.0000010000"),
                      new BigDecimal("0.000001"),
                      1,
                      true)),
              "test rollups");
        };
    try (TestApi api = new TestApi(ControlPlaneConfig.builder(), backend, List::of)) {
      HttpResponse<String> response =
          api.get(
              "/api/v1/costs?from=2026-11-01&to=2026-11-26T12:00:00Z&groupBy=provider,function");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(asked.get().from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
      assertThat(asked.get().groupBy())
          .containsExactly(CostDimension.PROVIDER, CostDimension.FUNCTION);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("totalBilledCostUsd").asText()).isEqualTo("0.0000014166");
      assertThat(body.get("attempts").asLong()).isEqualTo(3);
      assertThat(body.at("/groups/0/key/provider").asText()).isEqualTo("aws");
      assertThat(body.at("/groups/0/billedCostUsd").asText()).isEqualTo("0.0000004166");
      assertThat(body.at("/groups/1/estimated").asBoolean()).isTrue();
    }
  }

  @Test
  void badCostParametersAre400AndAMissingBackendIs503() throws Exception {
    try (TestApi api = TestApi.withDefaults()) {
      HttpResponse<String> groupBy = api.get("/api/v1/costs?groupBy=colour");
      HttpResponse<String> from = api.get("/api/v1/costs?from=yesterday");
      HttpResponse<String> order = api.get("/api/v1/costs?from=2026-11-02&to=2026-11-01");
      HttpResponse<String> unavailable = api.get("/api/v1/costs");

      assertThat(groupBy.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(groupBy.body()).get("detail").asText()).contains("label:KEY");
      assertThat(from.statusCode()).isEqualTo(400);
      assertThat(order.statusCode()).isEqualTo(400);
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(unavailable.body()).get("type").asText())
          .isEqualTo("urn:fiso:problem:costs-unavailable");
    }
  }

  @Test
  void providersAreListedWithAHealthStatusEachIncludingThoseNeverSeen() throws Exception {
    List<ProviderStats> stats =
        List.of(
            stats(Provider.AWS, "us-east-1", true),
            stats(Provider.AZURE, "eastus", true),
            stats(Provider.AZURE, "westeurope", false));
    try (TestApi api =
        new TestApi(ControlPlaneConfig.builder(), CostsBackend.unavailable("none"), () -> stats)) {
      HttpResponse<String> response = api.get("/api/v1/providers");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode providers = JSON.readTree(response.body()).get("providers");
      assertThat(providers).hasSize(3);
      assertThat(providers.get(0).get("provider").asText()).isEqualTo("aws");
      assertThat(providers.get(0).get("status").asText()).isEqualTo("healthy");
      assertThat(providers.get(1).get("status").asText()).isEqualTo("degraded");
      assertThat(providers.get(1).get("errorRate").asDouble()).isEqualTo(0.25);
      assertThat(providers.get(1).at("/targets/1/healthReason").asText())
          .isEqualTo("error rate 50%");
      assertThat(providers.get(2).get("status").asText()).isEqualTo("unknown");
    }
  }
}
