package io.fiso.devstack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.registry.SchemaRegistryException;
import io.fiso.schemas.registry.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry's REST API (the Avro part) over an {@link InMemorySchemaRegistry}, as a
 * {@link HttpHandler} for {@code com.sun.net.httpserver}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>GET /</td><td>{@code {}}</td></tr>
 *   <tr><td>GET /subjects[?deleted=true&amp;subjectPrefix=p]</td><td>subject names</td></tr>
 *   <tr><td>POST /subjects/{s}/versions</td><td>register: {@code {"id": n}}</td></tr>
 *   <tr><td>POST /subjects/{s}</td><td>look up a schema under a subject</td></tr>
 *   <tr><td>DELETE /subjects/{s}</td><td>soft delete: the versions deleted</td></tr>
 *   <tr><td>GET /subjects/{s}/versions</td><td>version numbers</td></tr>
 *   <tr><td>GET /subjects/{s}/versions/{v|latest}</td><td>{@code {subject, version, id,
 *       schema}}</td></tr>
 *   <tr><td>GET /subjects/{s}/versions/{v|latest}/schema</td><td>the schema itself</td></tr>
 *   <tr><td>GET /schemas/ids/{id}</td><td>{@code {"schema": "..."}}</td></tr>
 *   <tr><td>GET /schemas/ids/{id}/schema</td><td>the schema itself</td></tr>
 *   <tr><td>GET /schemas/ids/{id}/versions</td><td>{@code [{subject, version}]}</td></tr>
 *   <tr><td>GET /schemas/ids/{id}/subjects</td><td>subject names</td></tr>
 *   <tr><td>GET /schemas/types</td><td>{@code ["AVRO"]}</td></tr>
 *   <tr><td>POST /compatibility/subjects/{s}/versions[/{v|latest}][?verbose=true]</td><td>{@code
 *       {"is_compatible": b}}</td></tr>
 *   <tr><td>GET|PUT /config, GET|PUT|DELETE /config/{s}</td><td>compatibility levels</td></tr>
 *   <tr><td>GET /mode</td><td>{@code {"mode": "READWRITE"}}</td></tr>
 * </table>
 *
 * <p>Errors are Confluent's {@code {"error_code": ..., "message": ...}} with its codes: 40401
 * subject, 40402 version, 40403 schema not found, 40408 subject without its own compatibility
 * level, 409 incompatible, 42201 invalid schema, 42202 invalid version, 42203 invalid compatibility
 * level, 50001 store failure. Requests may be {@code application/vnd.schemaregistry.v1+json},
 * {@code application/vnd.schemaregistry+json}, {@code application/json} or {@code
 * application/octet-stream}; answers use the best type the client accepts (v1 first).
 */
public final class SchemaRegistryApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryApi.class);

  static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
  static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
  static final String JSON_TYPE = "application/json";
  static final String OCTET_STREAM = "application/octet-stream";
  private static final List<String> REQUEST_TYPES =
      List.of(V1_JSON, DEFAULT_JSON, JSON_TYPE, OCTET_STREAM);

  /** A schema body larger than this is refused (413). */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemorySchemaRegistry registry;

  public SchemaRegistryApi(InMemorySchemaRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** An HTTP-level failure that is not one of the registry's (404 route, 405, 406, 415...). */
  private static final class HttpError extends RuntimeException {
    final int status;
    final int code;

    HttpError(int status, int code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    static HttpError of(int status, String reason) {
      return new HttpError(status, status, "HTTP " + status + " " + reason);
    }
  }

  private record Answer(int status, Object body, boolean raw) {
    static Answer json(Object body) {
      return new Answer(200, body, false);
    }
  }

  private record Request(
      String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
    boolean flag(String name) {
      return "true".equalsIgnoreCase(query.getOrDefault(name, "false"));
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String responseType = V1_JSON;
    try {
      responseType = negotiate(exchange.getRequestHeaders().getFirst("Accept"));
      Request request =
          new Request(
              exchange.getRequestMethod().toUpperCase(Locale.ROOT),
              segments(exchange.getRequestURI().getRawPath()),
              query(exchange.getRequestURI().getRawQuery()),
              exchange);
      Answer answer = route(request);
      byte[] body =
          answer.raw()
              ? ((String) answer.body()).getBytes(StandardCharsets.UTF_8)
              : JSON.writeValueAsBytes(answer.body());
      send(exchange, answer.status(), responseType, body);
    } catch (SchemaRegistryException e) {
      int status = e.httpStatus() == 0 ? 500 : e.httpStatus();
      int code = e.errorCode() == 0 ? SchemaRegistryException.BACKEND_ERROR : e.errorCode();
      if (status >= 500) {
        log.error("Schema registry request {} failed", describe(exchange), e);
      }
      sendError(exchange, responseType, status, code, e.errorMessage());
    } catch (HttpError e) {
      sendError(exchange, responseType, e.status, e.code, e.getMessage());
    } catch (RuntimeException e) {
      log.error("Schema registry request {} failed", describe(exchange), e);
      sendError(exchange, responseType, 500, 500, "Internal Server Error: " + e.getMessage());
    } finally {
      exchange.close();
    }
  }

  // ---- routing ------------------------------------------------------------------------------

  private Answer route(Request r) {
    List<String> p = r.path();
    if (p.isEmpty()) {
      allow(r, "GET");
      return Answer.json(JSON.createObjectNode());
    }
    switch (p.get(0)) {
      case "subjects" -> {
        return subjects(r, p);
      }
      case "schemas" -> {
        return schemas(r, p);
      }
      case "compatibility" -> {
        if ((p.size() == 4 || p.size() == 5)
            && p.get(1).equals("subjects")
            && p.get(3).equals("versions")) {
          allow(r, "POST");
          return compatibility(r, p.get(2), p.size() == 5 ? p.get(4) : null);
        }
        throw HttpError.of(404, "Not Found");
      }
      case "config" -> {
        return config(r, p);
      }
      case "mode" -> {
        if (p.size() <= 2) {
          allow(r, "GET");
          return Answer.json(JSON.createObjectNode().put("mode", "READWRITE"));
        }
        throw HttpError.of(404, "Not Found");
      }
      default -> throw HttpError.of(404, "Not Found");
    }
  }

  private Answer subjects(Request r, List<String> p) {
    if (p.size() == 1) {
      allow(r, "GET");
      String prefix = r.query().getOrDefault("subjectPrefix", "");
      return Answer.json(
          registry.getSubjects(r.flag("deleted")).stream()
              .filter(s -> s.startsWith(prefix))
              .toList());
    }
    String subject = p.get(1);
    if (p.size() == 2) {
      allow(r, "POST", "DELETE");
      if (r.method().equals("DELETE")) {
        if (r.flag("permanent")) {
          throw new HttpError(
              501,
              501,
              "Permanent deletion (permanent=true) is not supported by FISO's embedded registry;"
                  + " soft-deleted schemas stay readable by id");
        }
        return Answer.json(registry.deleteSubject(subject));
      }
      return Answer.json(versionJson(registry.lookup(subject, schemaOf(r))));
    }
    if (!p.get(2).equals("versions")) {
      throw HttpError.of(404, "Not Found");
    }
    if (p.size() == 3) {
      allow(r, "GET", "POST");
      if (r.method().equals("POST")) {
        int id = registry.register(subject, schemaOf(r));
        return Answer.json(JSON.createObjectNode().put("id", id));
      }
      return Answer.json(registry.getVersions(subject));
    }
    SchemaVersion version = version(subject, p.get(3));
    if (p.size() == 4) {
      allow(r, "GET");
      return Answer.json(versionJson(version));
    }
    if (p.size() == 5 && p.get(4).equals("schema")) {
      allow(r, "GET");
      return new Answer(200, version.schema().toString(), true);
    }
    throw HttpError.of(404, "Not Found");
  }

  private Answer schemas(Request r, List<String> p) {
    if (p.size() == 2 && p.get(1).equals("types")) {
      allow(r, "GET");
      return Answer.json(List.of("AVRO"));
    }
    if (p.size() < 3 || p.size() > 4 || !p.get(1).equals("ids")) {
      throw HttpError.of(404, "Not Found");
    }
    allow(r, "GET");
    int id;
    try {
      id = Integer.parseInt(p.get(2));
    } catch (NumberFormatException e) {
      throw HttpError.of(404, "Not Found");
    }
    Schema schema = registry.getById(id);
    if (p.size() == 3) {
      return Answer.json(JSON.createObjectNode().put("schema", schema.toString()));
    }
    switch (p.get(3)) {
      case "schema" -> {
        return new Answer(200, schema.toString(), true);
      }
      case "versions" -> {
        ArrayNode out = JSON.createArrayNode();
        for (SchemaVersion v : registry.versionsOfId(id)) {
          out.addObject().put("subject", v.subject()).put("version", v.version());
        }
        return Answer.json(out);
      }
      case "subjects" -> {
        return Answer.json(
            registry.versionsOfId(id).stream().map(SchemaVersion::subject).distinct().toList());
      }
      default -> throw HttpError.of(404, "Not Found");
    }
  }

  private Answer compatibility(Request r, String subject, String version) {
    Schema schema = schemaOf(r);
    List<String> problems;
    if (version == null) {
      problems = registry.compatibilityProblems(subject, schema);
    } else {
      int v = versionNumber(version);
      problems =
          registry.compatibilityProblems(
              subject, schema, v == LATEST ? registry.getLatest(subject).version() : v);
    }
    ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (r.flag("verbose")) {
      ArrayNode messages = out.putArray("messages");
      problems.forEach(messages::add);
    }
    return Answer.json(out);
  }

  private Answer config(Request r, List<String> p) {
    if (p.size() > 2) {
      throw HttpError.of(404, "Not Found");
    }
    String subject = p.size() == 2 ? p.get(1) : null;
    if (subject == null) {
      allow(r, "GET", "PUT");
    } else {
      allow(r, "GET", "PUT", "DELETE");
    }
    switch (r.method()) {
      case "PUT" -> {
        JsonNode body = body(r);
        JsonNode level = body.get("compatibility");
        if (level == null) {
          level = body.get("compatibilityLevel");
        }
        if (level == null || !level.isTextual()) {
          throw SchemaRegistryException.invalidCompatibilityLevel(String.valueOf(level));
        }
        CompatibilityLevel parsed = level(level.asText());
        registry.setCompatibility(subject, parsed);
        return Answer.json(JSON.createObjectNode().put("compatibility", parsed.name()));
      }
      case "DELETE" -> {
        CompatibilityLevel previous = registry.deleteCompatibility(subject);
        if (previous == null) {
          throw SchemaRegistryException.subjectCompatibilityNotConfigured(subject);
        }
        return Answer.json(JSON.createObjectNode().put("compatibilityLevel", previous.name()));
      }
      default -> {
        if (subject != null && !registry.hasSubjectLevel(subject) && !r.flag("defaultToGlobal")) {
          throw SchemaRegistryException.subjectCompatibilityNotConfigured(subject);
        }
        return Answer.json(
            JSON.createObjectNode()
                .put("compatibilityLevel", registry.getCompatibility(subject).name()));
      }
    }
  }

  // ---- request parts ------------------------------------------------------------------------

  private static final int LATEST = -1;

  private SchemaVersion version(String subject, String version) {
    int v = versionNumber(version);
    return v == LATEST ? registry.getLatest(subject) : registry.getVersion(subject, v);
  }

  private static int versionNumber(String version) {
    if (version.equalsIgnoreCase("latest") || version.equals("-1")) {
      return LATEST;
    }
    try {
      int v = Integer.parseInt(version);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw SchemaRegistryException.invalidVersion(version);
  }

  private static CompatibilityLevel level(String text) {
    try {
      return CompatibilityLevel.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SchemaRegistryException.invalidCompatibilityLevel(text);
    }
  }

  /** The Avro schema of a {@code {"schema": "...", "schemaType": "AVRO"}} request body. */
  private static Schema schemaOf(Request r) {
    JsonNode body = body(r);
    JsonNode type = body.get("schemaType");
    if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
      throw SchemaRegistryException.invalidSchema(
          "of type " + type.asText() + ": FISO's embedded registry stores AVRO schemas only");
    }
    JsonNode references = body.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw SchemaRegistryException.invalidSchema(
          "with references: schema references are not supported by FISO's embedded registry");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
      throw SchemaRegistryException.invalidSchema(
          "(empty): the request body needs {\"schema\": \"<Avro schema JSON>\"}");
    }
    try {
      return new Schema.Parser().parse(schema.asText());
    } catch (AvroRuntimeException e) {
      throw SchemaRegistryException.invalidSchema(schema.asText() + ": " + e.getMessage());
    }
  }

  private static JsonNode body(Request r) {
    String contentType = r.exchange().getRequestHeaders().getFirst("Content-Type");
    if (contentType != null) {
      String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (!REQUEST_TYPES.contains(type)) {
        throw new HttpError(
            415, 415, "HTTP 415 Unsupported Media Type: send " + String.join(", ", REQUEST_TYPES));
      }
    }
    byte[] bytes;
    try (InputStream in = r.exchange().getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new HttpError(400, 400, "Cannot read the request body: " + e.getMessage());
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpError(
          413, 413, "HTTP 413 Request body larger than " + MAX_BODY_BYTES + " bytes");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new HttpError(400, 400, "The request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new HttpError(400, 400, "The request body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HttpError(400, 400, "Cannot read the request body: " + e.getMessage());
    }
  }

  private static ObjectNode versionJson(SchemaVersion v) {
    return JSON.createObjectNode()
        .put("subject", v.subject())
        .put("version", v.version())
        .put("id", v.id())
        .put("schema", v.schema().toString());
  }

  private static void allow(Request r, String... methods) {
    for (String m : methods) {
      if (m.equals(r.method())) {
        return;
      }
    }
    throw HttpError.of(405, "Method Not Allowed");
  }

  // ---- HTTP plumbing ------------------------------------------------------------------------

  /** The response type for an Accept header: v1 first, as Confluent weighs them. */
  static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return V1_JSON;
    }
    List<String> ranges = new ArrayList<>();
    for (String part : accept.split(",")) {
      ranges.add(part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
    }
    if (ranges.contains(V1_JSON) || ranges.contains("*/*") || ranges.contains("application/*")) {
      return V1_JSON;
    }
    if (ranges.contains(DEFAULT_JSON)) {
      return DEFAULT_JSON;
    }
    if (ranges.contains(JSON_TYPE)) {
      return JSON_TYPE;
    }
    throw new HttpError(
        406,
        406,
        "HTTP 406 Not Acceptable: this registry answers "
            + V1_JSON
            + ", "
            + DEFAULT_JSON
            + " or "
            + JSON_TYPE);
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath == null) {
      return out;
    }
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        out.add(decode(segment));
      }
    }
    return out;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(key, value);
    }
    return out;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, 400, "Malformed percent-encoding in '" + raw + "'");
    }
  }

  private static void sendError(
      HttpExchange exchange, String contentType, int status, int code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("error_code", code).put("message", message);
    send(exchange, status, contentType, JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static String describe(HttpExchange exchange) {
    return exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
  }
}
