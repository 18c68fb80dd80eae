package io.fiso.controlplane.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fiso.avro.ErrorInfo;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How an {@link InvocationResult} is shown: as the function's own response (sync orchestrate and
 * {@code /invocations/{id}/response}) or as a JSON document ({@code /invocations/{id}}), and the
 * {@code X-Fiso-*} headers both carry. The status mapping is documented in docs/api.md.
 */
public final class ResultViews {

  public static final String HEADER_ID = "X-Fiso-Invocation-Id";
  public static final String HEADER_PROVIDER = "X-Fiso-Provider";
  public static final String HEADER_REGION = "X-Fiso-Region";
  public static final String HEADER_STATUS = "X-Fiso-Status";
  public static final String HEADER_COST = "X-Fiso-Cost-Usd";
  public static final String HEADER_COST_ESTIMATED = "X-Fiso-Cost-Estimated";

  /** The router's error type for a function without a policy (and no default policy). */
  public static final String NO_POLICY = "NoPolicy";

  private ResultViews() {}

  /** {@code aws}, {@code azure}, {@code gcp}: how the API writes providers. */
  public static String provider(Provider provider) {
    return provider == null ? null : provider.name().toLowerCase(Locale.ROOT);
  }

  /** Exact USD as a plain decimal string without trailing zeros, e.g. {@code 0.0000002083}. */
  public static String usd(BigDecimal amount) {
    if (amount == null) {
      return null;
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** The X-Fiso-* headers of a result (those that are known). */
  public static Map<String, String> headers(InvocationResult r) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(HEADER_ID, r.getInvocationId());
    h.put(HEADER_STATUS, r.getStatus().name());
    if (r.getProvider() != null) {
      h.put(HEADER_PROVIDER, provider(r.getProvider()));
    }
    if (r.getRegion() != null) {
      h.put(HEADER_REGION, r.getRegion());
    }
    if (r.getCost() != null) {
      h.put(HEADER_COST, usd(r.getCost()));
      h.put(HEADER_COST_ESTIMATED, Boolean.toString(r.getCostEstimated()));
    }
    return h;
  }

  /**
   * The function's response for a successful result; otherwise the problem its status maps to
   * (thrown as {@link ApiException}, carrying the X-Fiso-* headers too).
   */
  public static ApiResponse functionResponse(InvocationResult r) {
    Map<String, String> headers = headers(r);
    if (r.getStatus() == InvocationStatus.SUCCEEDED) {
      int code = r.getStatusCode() >= 200 && r.getStatusCode() < 300 ? r.getStatusCode() : 200;
      byte[] body = bytes(r.getResponse());
      if (body == null) {
        // An ASYNC invocation accepted by the provider has no response body: describe it.
        return ApiResponse.json(code, document(r)).headers(headers);
      }
      String type =
          r.getResponseContentType() == null ? ApiResponse.JSON : r.getResponseContentType();
      return new ApiResponse(code, type, body).headers(headers);
    }
    Problem problem = problem(r);
    headers.forEach(problem::header);
    throw problem.toException();
  }

  /** The problem a result that did not succeed maps to. */
  public static Problem problem(InvocationResult r) {
    ErrorInfo error = r.getError();
    String type = error == null ? null : error.getType();
    String message = error == null ? null : error.getMessage();
    String id = r.getInvocationId();
    String location = "/api/v1/invocations/" + id;
    Problem p =
        switch (r.getStatus()) {
          case REJECTED ->
              NO_POLICY.equals(type)
                  ? new Problem(
                      404,
                      "no-policy",
                      "No policy for this function",
                      (message == null
                              ? "No routing policy matches function " + r.getFunction()
                              : message)
                          + ". Routing needs a policy for the function or a default policy"
                          + " ('*'): PUT one at /api/v1/policies/"
                          + r.getFunction()
                          + " or /api/v1/policies/*, or run `fiso policy apply -f FILE`.")
                  : new Problem(
                          422,
                          "rejected",
                          "Invocation rejected",
                          message == null ? "The router rejected the invocation" : message)
                      .with("reason", type);
          case FUNCTION_ERROR ->
              new Problem(
                      502,
                      "function-error",
                      "The function failed",
                      message == null ? "The function returned an error" : message)
                  .with("functionError", errorMap(error))
                  .with("functionStatusCode", r.getStatusCode())
                  .with("functionResponse", responseValue(r));
          case FAILED ->
              new Problem(
                      502,
                      "provider-failed",
                      "The provider call failed",
                      message == null ? "Calling the provider failed" : message)
                  .with("error", errorMap(error));
          case THROTTLED ->
              new Problem(
                      503,
                      "throttled",
                      "Throttled by the provider",
                      (message == null ? "The provider throttled the invocation" : message)
                          + "; retries and failover did not get through before the deadline")
                  .with("error", errorMap(error))
                  .header("Retry-After", "1");
          case TIMED_OUT ->
              new Problem(
                      504,
                      "timeout",
                      "Invocation timed out",
                      message == null ? "The invocation did not finish by its deadline" : message)
                  .with("error", errorMap(error))
                  .with("location", location);
          case SUCCEEDED -> throw new IllegalArgumentException("a succeeded result is no problem");
        };
    return p.with("invocationId", id)
        .with("function", r.getFunction())
        .with("provider", provider(r.getProvider()))
        .with("attempts", r.getAttempts());
  }

  private static Map<String, String> errorMap(ErrorInfo error) {
    if (error == null) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("type", error.getType());
    m.put("message", error.getMessage());
    return m;
  }

  /** The whole result as JSON. */
  public static Map<String, Object> document(InvocationResult r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("invocationId", r.getInvocationId());
    d.put("function", r.getFunction());
    d.put("status", r.getStatus().name());
    d.put("statusCode", r.getStatusCode());
    put(d, "provider", provider(r.getProvider()));
    put(d, "region", r.getRegion());
    put(d, "target", r.getTarget());
    d.put("attempts", r.getAttempts());
    List<String> tried = r.getProvidersTried().stream().map(ResultViews::provider).toList();
    d.put("providersTried", tried);
    d.put("coldStart", r.getColdStart());
    put(d, "requestedAt", time(r.getRequestedAt()));
    put(d, "routedAt", time(r.getRoutedAt()));
    put(d, "startedAt", time(r.getStartedAt()));
    put(d, "completedAt", time(r.getCompletedAt()));
    put(d, "durationMs", r.getDurationMs());
    put(d, "billedDurationMs", r.getBilledDurationMs());
    put(d, "costUsd", usd(r.getCost()));
    if (r.getCost() != null) {
      d.put("costEstimated", r.getCostEstimated());
    }
    if (!r.getLabels().isEmpty()) {
      d.put("labels", new LinkedHashMap<>(r.getLabels()));
    }
    put(d, "error", errorMap(r.getError()));
    put(d, "responseContentType", r.getResponseContentType());
    byte[] body = bytes(r.getResponse());
    if (body != null) {
      Object value = responseValue(r);
      if (value instanceof String text && !isJson(r.getResponseContentType())) {
        d.put("responseText", text);
      } else if (value != null) {
        d.put("response", value);
      } else {
        d.put("responseBase64", Base64.getEncoder().encodeToString(body));
      }
    }
    return d;
  }

  /** The response as JSON when it is JSON, as text when it is text, otherwise null. */
  private static Object responseValue(InvocationResult r) {
    byte[] body = bytes(r.getResponse());
    if (body == null) {
      return null;
    }
    String type = r.getResponseContentType();
    if (type == null || isJson(type)) {
      JsonNode node = Json.parseOrNull(body);
      if (node != null) {
        return node;
      }
    }
    if (type == null || type.startsWith("text/") || isJson(type)) {
      String text = new String(body, StandardCharsets.UTF_8);
      return text;
    }
    return null;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith("application/json") || t.contains("+json");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
