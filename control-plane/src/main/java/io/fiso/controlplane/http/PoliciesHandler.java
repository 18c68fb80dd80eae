package io.fiso.controlplane.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fiso.avro.RoutingPolicy;
import io.fiso.controlplane.FunctionNames;
import io.fiso.controlplane.backend.BackendUnavailableException;
import io.fiso.controlplane.invocation.KafkaUnavailableException;
import io.fiso.controlplane.policy.PolicyStore;
import io.fiso.schemas.policy.PolicyDocuments;
import io.fiso.schemas.policy.PolicyProblem;
import io.fiso.schemas.policy.PolicyRenderer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/policies[/{function}]}: policies in the file format of docs/policies.md, read from
 * and written to fiso.policies, validated exactly as {@code fiso policy apply} validates files
 * ({@link PolicyDocuments}).
 */
final class PoliciesHandler {

  static final String YAML = "application/yaml";
  private static final ObjectMapper YAML_READER = new YAMLMapper();

  private final PolicyStore store;

  PoliciesHandler(PolicyStore store) {
    this.store = store;
  }

  ApiResponse list(ApiRequest req) {
    List<RoutingPolicy> policies = call(store::list);
    if (wantsYaml(req)) {
      return ApiResponse.text(200, YAML, PolicyRenderer.toYaml(policies));
    }
    return ApiResponse.json(
        200, Map.of("policies", policies.stream().map(PolicyRenderer::toTree).toList()));
  }

  ApiResponse get(ApiRequest req) {
    String function = function(req);
    Optional<RoutingPolicy> policy = call(() -> store.get(function));
    if (policy.isEmpty()) {
      throw notFound(function);
    }
    return render(req, 200, policy.get());
  }

  ApiResponse put(ApiRequest req) {
    String function = function(req);
    List<RoutingPolicy> parsed = parse(req, function);
    if (parsed.size() != 1) {
      throw new Problem(
              422,
              "invalid-policy",
              "Invalid policy",
              "The body holds "
                  + parsed.size()
                  + " policies; PUT /api/v1/policies/"
                  + function
                  + " takes one. PUT several to /api/v1/policies.")
          .toException();
    }
    RoutingPolicy policy = parsed.get(0);
    if (!policy.getFunction().equals(function)) {
      throw new Problem(
              422,
              "invalid-policy",
              "Invalid policy",
              "The body is the policy of function '"
                  + policy.getFunction()
                  + "' but the path names '"
                  + function
                  + "': make them agree")
          .with("errors", List.of(error(null, "function", "differs from the path")))
          .toException();
    }
    RoutingPolicy written = call(() -> store.put(policy));
    ApiResponse response = render(req, written.getVersion() == 1 ? 201 : 200, written);
    if (written.getVersion() == 1) {
      response.header("Location", "/api/v1/policies/" + pathSegment(function));
    }
    return response;
  }

  ApiResponse putAll(ApiRequest req) {
    List<RoutingPolicy> parsed = parse(req, null);
    List<RoutingPolicy> written = new ArrayList<>();
    for (RoutingPolicy policy : parsed) {
      written.add(call(() -> store.put(policy)));
    }
    if (wantsYaml(req)) {
      return ApiResponse.text(200, YAML, PolicyRenderer.toYaml(written));
    }
    return ApiResponse.json(
        200, Map.of("policies", written.stream().map(PolicyRenderer::toTree).toList()));
  }

  ApiResponse delete(ApiRequest req) {
    String function = function(req);
    Optional<RoutingPolicy> deleted = call(() -> store.delete(function));
    if (deleted.isEmpty()) {
      throw notFound(function);
    }
    return ApiResponse.noContent();
  }

  private ApiException notFound(String function) {
    String detail = "There is no policy for function '" + function + "'";
    if (!FunctionNames.DEFAULT_POLICY.equals(function)) {
      Optional<RoutingPolicy> fallback = call(() -> store.get(FunctionNames.DEFAULT_POLICY));
      detail +=
          fallback
              .map(p -> "; its invocations use the default policy '*' (" + p.getName() + ")")
              .orElse("; there is no default policy '*' either, so its invocations are rejected");
    }
    return Problem.notFound("policy-not-found", "No such policy", detail + ".").toException();
  }

  private List<RoutingPolicy> parse(ApiRequest req, String pathFunction) {
    checkContentType(req);
    byte[] body = req.body();
    if (body.length == 0) {
      throw new Problem(
              422,
              "invalid-policy",
              "Invalid policy",
              "The body is empty: send a policy in YAML or JSON (see docs/policies.md)")
          .toException();
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw Problem.badRequest("The body is not UTF-8 text").toException();
    }
    if (pathFunction != null) {
      text = withFunction(text, pathFunction);
    }
    PolicyDocuments.Result result = PolicyDocuments.check("request body", text);
    if (!result.ok()) {
      List<Map<String, String>> errors = new ArrayList<>();
      for (PolicyProblem p : result.problems()) {
        errors.add(error(p.policy(), p.field(), p.message()));
      }
      String first = result.problems().get(0).toString();
      throw new Problem(
              422,
              "invalid-policy",
              "Invalid policy",
              result.problems().size() == 1
                  ? first
                  : result.problems().size() + " problems, the first: " + first)
          .with("errors", errors)
          .toException();
    }
    return result.policies();
  }

  /**
   * A single policy mapping without a {@code function} field gets the path's: {@code PUT
   * /policies/checkout} with a body that leaves it out means checkout.
   */
  private static String withFunction(String text, String function) {
    JsonNode root;
    try {
      root = YAML_READER.readTree(text);
    } catch (Exception e) {
      return text; // PolicyDocuments reports the syntax error with its position
    }
    if (root instanceof ObjectNode object
        && !object.has("function")
        && !object.has("policies")
        && !object.has("default_provider")
        && !object.has("default_arn")) {
      ObjectNode copy = object.deepCopy();
      copy.put("function", function);
      return Json.string(copy);
    }
    return text;
  }

  private static void checkContentType(ApiRequest req) {
    Optional<String> type = req.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT));
    if (type.isEmpty()) {
      return;
    }
    String t = type.get();
    if (t.startsWith("application/json")
        || t.contains("yaml")
        || t.startsWith("text/plain")
        || t.contains("+json")
        || t.startsWith("application/x-www-form-urlencoded")) { // curl --data's default
      return;
    }
    throw new Problem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Policies are YAML or JSON: send Content-Type application/yaml or application/json, not "
                + type.get())
        .toException();
  }

  private static Map<String, String> error(String policy, String field, String message) {
    Map<String, String> e = new LinkedHashMap<>();
    if (policy != null) {
      e.put("policy", policy);
    }
    if (field != null) {
      e.put("field", field);
    }
    e.put("message", message);
    return e;
  }

  private static ApiResponse render(ApiRequest req, int status, RoutingPolicy policy) {
    if (wantsYaml(req)) {
      return ApiResponse.text(status, YAML, PolicyRenderer.toYaml(policy));
    }
    return ApiResponse.json(status, PolicyRenderer.toTree(policy));
  }

  private static boolean wantsYaml(ApiRequest req) {
    if (req.query("format").map(f -> f.equalsIgnoreCase("yaml")).orElse(false)) {
      return true;
    }
    return req.header("Accept").map(a -> a.toLowerCase(Locale.ROOT).contains("yaml")).orElse(false);
  }

  private static String function(ApiRequest req) {
    String function = req.pathParam("function");
    String problem = FunctionNames.policyKeyProblem(function);
    if (problem != null) {
      throw Problem.badRequest("Path parameter function: " + problem).toException();
    }
    return function;
  }

  private static String pathSegment(String function) {
    return java.net.URLEncoder.encode(function, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Runs a store call, mapping its failures to 503 problems. */
  static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (BackendUnavailableException e) {
      throw Problem.unavailable("policies-unavailable", "Policies unavailable", e.getMessage())
          .header("Retry-After", "2")
          .toException();
    } catch (KafkaUnavailableException e) {
      throw Problem.unavailable("kafka-unavailable", "Kafka unavailable", e.getMessage())
          .header("Retry-After", "5")
          .toException();
    }
  }
}
