package io.fiso.controlplane.http;

import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.HealthCheck;
import io.fiso.controlplane.Scope;
import io.fiso.controlplane.backend.CostsBackend;
import io.fiso.controlplane.backend.ProvidersBackend;
import io.fiso.controlplane.invocation.InvocationGateway;
import io.fiso.controlplane.policy.PolicyStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every route of the API, wired to its handler. The OpenAPI document describes each of them. */
public final class ControlPlaneApi {

  /** Where the OpenAPI document is on the classpath. */
  public static final String OPENAPI_RESOURCE = "/io/fiso/controlplane/openapi.json";

  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private ControlPlaneApi() {}

  /**
   * @param readiness every check {@code /readyz} reports; ready when all pass
   */
  public static List<Route> routes(
      ControlPlaneConfig config,
      InvocationGateway gateway,
      PolicyStore policies,
      CostsBackend costs,
      ProvidersBackend providers,
      Supplier<List<HealthCheck>> readiness,
      PrometheusMeterRegistry meters,
      Clock clock) {
    OrchestrateHandler orchestrate = new OrchestrateHandler(config, gateway, clock, meters);
    PoliciesHandler policy = new PoliciesHandler(policies);
    QueryHandlers queries =
        new QueryHandlers(gateway, costs, providers, clock, config.resultsCacheSize());
    byte[] openApi = openApi();
    return List.of(
        new Route("POST", "/api/v1/orchestrate", Scope.INVOKE, orchestrate),
        new Route("GET", "/api/v1/invocations/{id}", Scope.INVOKE, queries::invocation),
        new Route(
            "GET", "/api/v1/invocations/{id}/response", Scope.INVOKE, queries::invocationResponse),
        new Route("GET", "/api/v1/policies", Scope.INVOKE, policy::list),
        new Route("PUT", "/api/v1/policies", Scope.ADMIN, policy::putAll),
        new Route("GET", "/api/v1/policies/{function}", Scope.INVOKE, policy::get),
        new Route("PUT", "/api/v1/policies/{function}", Scope.ADMIN, policy::put),
        new Route("DELETE", "/api/v1/policies/{function}", Scope.ADMIN, policy::delete),
        new Route("GET", "/api/v1/costs", Scope.INVOKE, queries::costs),
        new Route("GET", "/api/v1/providers", Scope.INVOKE, queries::providers),
        new Route(
            "GET",
            "/api/v1/openapi.json",
            null,
            req -> new ApiResponse(200, ApiResponse.JSON, openApi)),
        new Route("GET", "/healthz", null, req -> ApiResponse.json(200, Map.of("status", "UP"))),
        new Route("GET", "/readyz", null, req -> ready(readiness.get())),
        new Route(
            "GET",
            "/metrics",
            null,
            req -> ApiResponse.text(200, PROMETHEUS_TEXT, meters.scrape())));
  }

  private static ApiResponse ready(List<HealthCheck> checks) {
    boolean ready = checks.stream().allMatch(HealthCheck::ok);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "READY" : "NOT_READY");
    body.put(
        "checks",
        checks.stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", c.name());
                  m.put("ok", c.ok());
                  m.put("detail", c.detail());
                  return m;
                })
            .toList());
    return ApiResponse.json(ready ? 200 : 503, body);
  }

  /** The OpenAPI 3.1 document served at /api/v1/openapi.json. */
  public static byte[] openApi() {
    try (InputStream in = ControlPlaneApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
