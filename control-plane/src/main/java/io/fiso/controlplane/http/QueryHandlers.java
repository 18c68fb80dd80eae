package io.fiso.controlplane.http;

import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.controlplane.backend.BackendUnavailableException;
import io.fiso.controlplane.backend.CostDimension;
import io.fiso.controlplane.backend.CostQuery;
import io.fiso.controlplane.backend.CostReport;
import io.fiso.controlplane.backend.CostsBackend;
import io.fiso.controlplane.backend.ProvidersBackend;
import io.fiso.controlplane.invocation.InvocationGateway;
import io.fiso.controlplane.invocation.InvocationLookup;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only endpoints: invocations, costs and providers. */
final class QueryHandlers {

  private final InvocationGateway gateway;
  private final CostsBackend costs;
  private final ProvidersBackend providers;
  private final Clock clock;
  private final int resultsCacheSize;

  QueryHandlers(
      InvocationGateway gateway,
      CostsBackend costs,
      ProvidersBackend providers,
      Clock clock,
      int resultsCacheSize) {
    this.gateway = gateway;
    this.costs = costs;
    this.providers = providers;
    this.clock = clock;
    this.resultsCacheSize = resultsCacheSize;
  }

  // ------------------------------------------------------------------ invocations

  ApiResponse invocation(ApiRequest req) {
    String id = req.pathParam("id");
    InvocationLookup found = lookup(id);
    if (found instanceof InvocationLookup.Found f) {
      return ApiResponse.json(200, ResultViews.document(f.result()))
          .headers(ResultViews.headers(f.result()));
    }
    return notYet(id, found);
  }

  ApiResponse invocationResponse(ApiRequest req) {
    String id = req.pathParam("id");
    InvocationLookup found = lookup(id);
    if (found instanceof InvocationLookup.Found f) {
      return ResultViews.functionResponse(f.result());
    }
    return notYet(id, found);
  }

  private ApiResponse notYet(String id, InvocationLookup lookup) {
    if (lookup instanceof InvocationLookup.Pending p) {
      return pending(id, p);
    }
    throw unknown(id, (InvocationLookup.Unknown) lookup);
  }

  private InvocationLookup lookup(String id) {
    if (id.length() > 256) {
      throw Problem.badRequest("An invocation id has at most 256 characters").toException();
    }
    return gateway.lookup(id);
  }

  private static ApiResponse pending(String id, InvocationLookup.Pending p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("invocationId", id);
    body.put("status", "PENDING");
    body.put("submittedAt", p.submittedAt().toString());
    body.put("deadline", p.deadline().toString());
    return ApiResponse.json(202, body).header("Retry-After", "1").header(ResultViews.HEADER_ID, id);
  }

  private ApiException unknown(String id, InvocationLookup.Unknown u) {
    String since = u.watchingSince() == null ? "(not yet started)" : u.watchingSince().toString();
    String detail =
        u.olderThanCache()
            ? "No result for invocation "
                + id
                + " is held here any more: this control plane keeps the latest "
                + resultsCacheSize
                + " results written since "
                + since
                + ", and this invocation is older. Read its result from the fiso.results topic"
                + " (key "
                + id
                + ")."
            : "No result for invocation "
                + id
                + " yet. Results appear here as soon as they are written to fiso.results; if the"
                + " invocation was submitted just now, retry shortly.";
    return Problem.notFound("invocation-not-found", "No such invocation result", detail)
        .with("invocationId", id)
        .with("resultsSince", u.watchingSince() == null ? null : since)
        .toException();
  }

  // ------------------------------------------------------------------ costs

  ApiResponse costs(ApiRequest req) {
    Instant now = clock.instant();
    Instant to = req.query("to").map(t -> time(t, "to")).orElse(now);
    Instant from =
        req.query("from")
            .map(t -> time(t, "from"))
            .orElse(
                LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC)
                    .withDayOfMonth(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC));
    List<CostDimension> groupBy = new ArrayList<>();
    String spec = String.join(",", req.queryAll("groupBy"));
    if (req.queryAll("groupBy").isEmpty()) {
      spec = "provider";
    }
    try {
      for (String part : spec.split(",")) {
        if (!part.isBlank()) {
          groupBy.add(CostDimension.parse(part));
        }
      }
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage()).toException();
    }
    CostQuery query;
    try {
      query = new CostQuery(from, to, groupBy);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage()).toException();
    }
    CostReport report;
    try {
      report = costs.costs(query);
    } catch (BackendUnavailableException e) {
      throw Problem.unavailable("costs-unavailable", "Costs unavailable", e.getMessage())
          .header("Retry-After", "5")
          .toException();
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage()).toException();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", report.from().toString());
    body.put("to", report.to().toString());
    body.put("groupBy", report.groupBy().stream().map(CostDimension::id).toList());
    body.put("currency", "USD");
    body.put("totalBilledCostUsd", plain(report.totalBilledCostUsd()));
    body.put("totalEffectiveCostUsd", plain(report.totalEffectiveCostUsd()));
    body.put("attempts", report.totalAttempts());
    List<Map<String, Object>> groups = new ArrayList<>();
    for (CostReport.Group g : report.groups()) {
      Map<String, Object> group = new LinkedHashMap<>();
      Map<String, String> key = new LinkedHashMap<>();
      for (CostDimension d : report.groupBy()) {
        key.put(d.id(), g.key().get(d.id()));
      }
      group.put("key", key);
      group.put("billedCostUsd", plain(g.billedCostUsd()));
      group.put("effectiveCostUsd", plain(g.effectiveCostUsd()));
      group.put("attempts", g.attempts());
      group.put("estimated", g.estimated());
      groups.add(group);
    }
    body.put("groups", groups);
    if (report.source() != null) {
      body.put("source", report.source());
    }
    return ApiResponse.json(200, body);
  }

  private static String plain(BigDecimal amount) {
    return ResultViews.usd(amount);
  }

  /** An ISO-8601 instant (2026-11-01T00:00:00Z) or a date (2026-11-01, midnight UTC). */
  static Instant time(String text, String parameter) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return java.time.OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(
              "Parameter "
                  + parameter
                  + " is '"
                  + text
                  + "': use a date (2026-11-01, midnight UTC) or an ISO-8601 time with offset"
                  + " (2026-11-01T12:00:00Z)")
          .toException();
    }
  }

  // ------------------------------------------------------------------ providers

  ApiResponse providers(ApiRequest req) {
    List<ProviderStats> stats;
    try {
      stats = providers.stats();
    } catch (BackendUnavailableException e) {
      throw Problem.unavailable(
              "providers-unavailable", "Provider statistics unavailable", e.getMessage())
          .header("Retry-After", "5")
          .toException();
    }
    Map<Provider, List<ProviderStats>> byProvider = new EnumMap<>(Provider.class);
    for (Provider p : Provider.values()) {
      byProvider.put(p, new ArrayList<>());
    }
    stats.forEach(s -> byProvider.get(s.getProvider()).add(s));
    List<Map<String, Object>> out = new ArrayList<>();
    byProvider.forEach((provider, list) -> out.add(provider(provider, list)));
    return ApiResponse.json(200, Map.of("providers", out));
  }

  private static Map<String, Object> provider(Provider provider, List<ProviderStats> list) {
    list.sort(
        Comparator.comparing(ProviderStats::getFunction).thenComparing(ProviderStats::getRegion));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", ResultViews.provider(provider));
    long healthy = list.stream().filter(ProviderStats::getHealthy).count();
    String status =
        list.isEmpty()
            ? "unknown"
            : healthy == list.size() ? "healthy" : healthy == 0 ? "unhealthy" : "degraded";
    p.put("status", status);
    p.put("invocations", list.stream().mapToLong(ProviderStats::getInvocations).sum());
    double weight = list.stream().mapToDouble(QueryHandlers::weight).sum();
    if (weight > 0) {
      p.put(
          "errorRate", list.stream().mapToDouble(s -> s.getErrorRate() * weight(s)).sum() / weight);
      p.put(
          "throttleRate",
          list.stream().mapToDouble(s -> s.getThrottleRate() * weight(s)).sum() / weight);
    }
    List<Map<String, Object>> targets = new ArrayList<>();
    for (ProviderStats s : list) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("function", s.getFunction());
      t.put("region", s.getRegion());
      t.put("healthy", s.getHealthy());
      if (s.getHealthReason() != null) {
        t.put("healthReason", s.getHealthReason());
      }
      t.put("invocations", s.getInvocations());
      t.put("errorRate", s.getErrorRate());
      t.put("throttleRate", s.getThrottleRate());
      t.put("coldStartRate", s.getColdStartRate());
      t.put("meanDurationMs", s.getMeanDurationMs());
      t.put("p95DurationMs", s.getP95DurationMs());
      t.put("p50LatencyMs", s.getP50LatencyMs());
      t.put("p95LatencyMs", s.getP95LatencyMs());
      t.put("p99LatencyMs", s.getP99LatencyMs());
      t.put("meanCostUsd", plain(s.getMeanCost()));
      t.put("updatedAt", s.getUpdatedAt() == null ? null : s.getUpdatedAt().toString());
      targets.add(t);
    }
    p.put("targets", targets);
    return p;
  }

  private static double weight(ProviderStats s) {
    return s.getWeightedCount() > 0 ? s.getWeightedCount() : s.getInvocations();
  }
}
