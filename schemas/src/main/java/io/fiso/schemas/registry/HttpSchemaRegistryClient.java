package io.fiso.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of Confluent Schema Registry's REST API (and of FISO's embedded registry, which speaks
 * the same API), on {@link java.net.http.HttpClient}.
 *
 * <ul>
 *   <li>Requests and responses are {@code application/vnd.schemaregistry.v1+json}; schemas are sent
 *       as {@code {"schema": "<Avro JSON>"}}, errors read from {@code {"error_code": ...,
 *       "message": ...}} into {@link SchemaRegistryException}.
 *   <li>Connect and request timeouts. Bounded retries with exponential backoff and jitter on I/O
 *       errors, timeouts and 5xx answers; a 4xx answer is final and never retried. With several
 *       URLs, a failing one hands over to the next.
 *   <li>HTTP basic auth (Confluent's {@code basic.auth.user.info}) and TLS (a truststore and
 *       keystore, or the JVM's default SSL context). The password is never logged nor printed.
 *   <li>A cache: {@link #getById}, {@link #register} and {@link #lookup} ask the registry once per
 *       id / subject and schema, also under concurrency. Latest versions, version lists, subjects
 *       and compatibility answers are not cached (they change).
 * </ul>
 *
 * <p>Create it with {@link #builder(String...)} or from Confluent's client properties with {@link
 * #fromConfig(Map)}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

  /** Confluent's media type for requests and responses. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** What Confluent's own client accepts, in order of preference. */
  static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";

  // Confluent's client property names.
  /**
   * Comma-separated registry URLs; user-info in a URL is used when the credentials source is URL.
   */
  public static final String URL_CONFIG = "schema.registry.url";

  /** Where basic-auth credentials come from: URL (the default), USER_INFO or SASL_INHERIT. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password} for basic auth with source USER_INFO. */
  public static final String USER_INFO_CONFIG = "basic.auth.user.info";

  /** Deprecated Confluent spelling of {@link #USER_INFO_CONFIG}, still accepted. */
  public static final String LEGACY_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";

  public static final String CONNECT_TIMEOUT_MS_CONFIG = "http.connect.timeout.ms";
  public static final String READ_TIMEOUT_MS_CONFIG = "http.read.timeout.ms";
  public static final String MAX_RETRIES_CONFIG = "max.retries";
  public static final String RETRIES_WAIT_MS_CONFIG = "retries.wait.ms";
  public static final String RETRIES_MAX_WAIT_MS_CONFIG = "retries.max.wait.ms";

  /** Prefix of the registry client's TLS settings (the unprefixed ssl.* are the Kafka client's). */
  public static final String SSL_PREFIX = "schema.registry.ssl.";

  /** Prefix under which Confluent also accepts the client settings above. */
  static final String CLIENT_PREFIX = "schema.registry.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> urls;
  private final String authorization;
  private final String user;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration retryWait;
  private final Duration retryMaxWait;
  private final HttpClient http;
  private final AtomicInteger current = new AtomicInteger();

  private final ConcurrentMap<Integer, CompletableFuture<Schema>> schemasById =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<SubjectSchema, CompletableFuture<Integer>> registered =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<SubjectSchema, CompletableFuture<SchemaVersion>> lookedUp =
      new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {}

  private HttpSchemaRegistryClient(Builder b) {
    if (b.urls.isEmpty()) {
      throw new IllegalArgumentException(
          "No schema registry URL: set " + URL_CONFIG + " (e.g. http://localhost:8081)");
    }
    List<URI> plain = new ArrayList<>();
    String urlUser = null;
    String urlPassword = null;
    for (URI url : b.urls) {
      if (url.getRawUserInfo() != null && urlUser == null) {
        String[] parts = decode(url.getRawUserInfo()).split(":", 2);
        urlUser = parts[0];
        urlPassword = parts.length > 1 ? parts[1] : "";
      }
      plain.add(withoutUserInfo(url));
    }
    this.urls = List.copyOf(plain);
    String authUser = b.user != null ? b.user : b.credentialsFromUrl ? urlUser : null;
    String authPassword = b.user != null ? b.password : urlPassword;
    this.user = authUser;
    this.authorization =
        authUser == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (authUser + ":" + (authPassword == null ? "" : authPassword))
                            .getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = b.requestTimeout;
    this.maxRetries = b.maxRetries;
    this.retryWait = b.retryWait;
    this.retryMaxWait = b.retryMaxWait;
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(b.connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (b.sslContext != null) {
      http.sslContext(b.sslContext);
    }
    this.http = http.build();
  }

  /** A builder for the given registry URLs (more can be added). */
  public static Builder builder(String... urls) {
    Builder b = new Builder();
    for (String url : urls) {
      b.url(url);
    }
    return b;
  }

  /**
   * A client configured by Confluent's client properties: {@value #URL_CONFIG}, {@value
   * #BASIC_AUTH_CREDENTIALS_SOURCE} (URL, USER_INFO, SASL_INHERIT), {@value #USER_INFO_CONFIG},
   * {@code schema.registry.ssl.truststore.location/password/type}, {@code
   * schema.registry.ssl.keystore.location/password/type}, {@code schema.registry.ssl.key.password},
   * {@value #CONNECT_TIMEOUT_MS_CONFIG}, {@value #READ_TIMEOUT_MS_CONFIG}, {@value
   * #MAX_RETRIES_CONFIG}, {@value #RETRIES_WAIT_MS_CONFIG}, {@value #RETRIES_MAX_WAIT_MS_CONFIG}.
   * Other keys are ignored, so a whole producer or consumer configuration can be passed.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the setting at fault
   */
  public static HttpSchemaRegistryClient fromConfig(Map<String, ?> configs) {
    return RegistryClientConfig.builderFrom(configs).build();
  }

  /** The registry URLs, without credentials. */
  public List<URI> urls() {
    return urls;
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistryClient"
        + urls
        + (user == null ? "" : " (basic auth as " + user + ", password ****)");
  }

  // ---- SchemaRegistryClient ---------------------------------------------------------------

  @Override
  public int register(String subject, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    return memo(
        registered,
        new SubjectSchema(subject, schema),
        () -> {
          JsonNode answer =
              call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
          int id = requiredInt(answer, "id", "POST /subjects/" + subject + "/versions");
          schemasById.putIfAbsent(id, CompletableFuture.completedFuture(schema));
          return id;
        });
  }

  @Override
  public SchemaVersion lookup(String subject, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    SubjectSchema key = new SubjectSchema(subject, schema);
    return memo(
        lookedUp,
        key,
        () -> {
          JsonNode answer = call("POST", "/subjects/" + enc(subject), schemaBody(schema));
          SchemaVersion found = version(answer, "POST /subjects/" + subject);
          registered.putIfAbsent(key, CompletableFuture.completedFuture(found.id()));
          remember(found);
          return found;
        });
  }

  @Override
  public Schema getById(int id) {
    return memo(
        schemasById,
        id,
        () -> {
          JsonNode answer = call("GET", "/schemas/ids/" + id, null);
          checkAvro(answer, "schema id " + id);
          return parse(requiredText(answer, "schema", "GET /schemas/ids/" + id), "schema id " + id);
        });
  }

  @Override
  public SchemaVersion getVersion(String subject, int version) {
    String path = "/subjects/" + enc(subject) + "/versions/" + version;
    return remember(version(call("GET", path, null), "GET " + path));
  }

  @Override
  public SchemaVersion getLatest(String subject) {
    String path = "/subjects/" + enc(subject) + "/versions/latest";
    return remember(version(call("GET", path, null), "GET " + path));
  }

  @Override
  public List<Integer> getVersions(String subject) {
    JsonNode answer = call("GET", "/subjects/" + enc(subject) + "/versions", null);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return List.copyOf(versions);
  }

  @Override
  public List<String> getSubjects() {
    JsonNode answer = call("GET", "/subjects", null);
    List<String> subjects = new ArrayList<>();
    answer.forEach(s -> subjects.add(s.asText()));
    return List.copyOf(subjects);
  }

  /**
   * Asks {@code POST /compatibility/subjects/{s}/versions/latest}. A subject with no versions
   * accepts any schema (older registries answer 40401 for it, newer ones {@code true}).
   */
  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    try {
      JsonNode answer =
          call(
              "POST",
              "/compatibility/subjects/" + enc(subject) + "/versions/latest",
              schemaBody(schema));
      JsonNode flag = answer.get("is_compatible");
      if (flag == null || !flag.isBoolean()) {
        throw unparseable("POST /compatibility/subjects/" + subject, "no is_compatible", answer);
      }
      return flag.booleanValue();
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    JsonNode answer = call("DELETE", "/subjects/" + enc(subject), null);
    registered.keySet().removeIf(k -> k.subject().equals(subject));
    lookedUp.keySet().removeIf(k -> k.subject().equals(subject));
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return List.copyOf(versions);
  }

  /**
   * The subject's own level, else the global one ({@code GET /config/{s}?defaultToGlobal=true},
   * falling back to {@code GET /config} for registries that answer 40408 regardless).
   */
  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    if (subject != null) {
      try {
        return level(
            call("GET", "/config/" + enc(subject) + "?defaultToGlobal=true", null),
            "GET /config/" + subject);
      } catch (SchemaRegistryException e) {
        if (e.errorCode() != SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED
            && e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND) {
          throw e;
        }
      }
    }
    return level(call("GET", "/config", null), "GET /config");
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    Objects.requireNonNull(level, "level");
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    call("PUT", subject == null ? "/config" : "/config/" + enc(subject), body);
  }

  // ---- HTTP -------------------------------------------------------------------------------

  private JsonNode call(String method, String path, JsonNode body) {
    byte[] payload;
    try {
      payload = body == null ? null : JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a JSON request body", e);
    }
    SchemaRegistryException last = null;
    long backoff = retryWait.toMillis();
    int attempts = 0;
    for (int round = 0; round <= maxRetries; round++) {
      if (round > 0) {
        pause(backoff, method, path, last);
        backoff = Math.min(Math.max(1, backoff) * 2, retryMaxWait.toMillis());
      }
      for (int tried = 0; tried < urls.size(); tried++) {
        int index = current.get();
        URI base = urls.get(index);
        attempts++;
        try {
          HttpResponse<byte[]> response =
              http.send(
                  request(base, method, path, payload), HttpResponse.BodyHandlers.ofByteArray());
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            return parseBody(method, base, path, response.body());
          }
          SchemaRegistryException error = errorOf(method, base, path, status, response.body());
          if (status < 500) {
            throw error;
          }
          last = error;
        } catch (IOException e) {
          last =
              new SchemaRegistryException(
                  method + " " + base + path + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SchemaRegistryException(
              "Interrupted while calling the schema registry: " + method + " " + base + path, e);
        }
        if (urls.size() > 1) {
          log.warn(
              "Schema registry {} failed {} {} ({}); trying {}",
              base,
              method,
              path,
              last.errorMessage(),
              urls.get((index + 1) % urls.size()));
        }
        current.compareAndSet(index, (index + 1) % urls.size());
      }
    }
    if (last.httpStatus() >= 500) {
      throw last;
    }
    throw new SchemaRegistryException(
        "No answer from the schema registry "
            + urls
            + " to "
            + method
            + " "
            + path
            + " after "
            + attempts
            + " attempts ("
            + MAX_RETRIES_CONFIG
            + "="
            + maxRetries
            + "): "
            + last.errorMessage(),
        last.getCause());
  }

  private void pause(long millis, String method, String path, SchemaRegistryException last) {
    long jittered =
        millis <= 0 ? 0 : millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
    log.debug("Retrying {} {} in {} ms after: {}", method, path, jittered, last.errorMessage());
    try {
      Thread.sleep(jittered);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          "Interrupted while waiting to retry " + method + " " + path, e);
    }
  }

  private HttpRequest request(URI base, String method, String path, byte[] payload) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(trimSlash(base.toString()) + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT);
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    if (payload == null) {
      r.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      r.header("Content-Type", CONTENT_TYPE);
      r.method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
    }
    return r.build();
  }

  private static JsonNode parseBody(String method, URI base, String path, byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.UNPARSEABLE_RESPONSE,
          method + " " + base + path + " answered with a body that is not JSON: " + snippet(body));
    }
  }

  private static SchemaRegistryException errorOf(
      String method, URI base, String path, int status, byte[] body) {
    int code = status;
    String message = null;
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.isObject()) {
        if (error.hasNonNull("error_code")) {
          code = error.get("error_code").asInt(status);
        }
        if (error.hasNonNull("message")) {
          message = error.get("message").asText();
        }
      }
    } catch (IOException e) {
      // Not Confluent's error body (a proxy's HTML page, say): report the status and the text.
    }
    if (message == null) {
      message = "HTTP " + status + ": " + snippet(body);
    }
    if (status == 401 || status == 403) {
      message +=
          " (check "
              + BASIC_AUTH_CREDENTIALS_SOURCE
              + " and "
              + USER_INFO_CONFIG
              + " for "
              + base
              + ")";
    }
    return new SchemaRegistryException(status, code, method + " " + base + path + ": " + message);
  }

  // ---- JSON <-> schemas -------------------------------------------------------------------

  private static ObjectNode schemaBody(Schema schema) {
    // schemaType is omitted: AVRO is the default, and registries older than 5.5 reject the field.
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private SchemaVersion remember(SchemaVersion version) {
    schemasById.putIfAbsent(version.id(), CompletableFuture.completedFuture(version.schema()));
    return version;
  }

  private static SchemaVersion version(JsonNode answer, String what) {
    checkAvro(answer, what);
    return new SchemaVersion(
        requiredText(answer, "subject", what),
        requiredInt(answer, "version", what),
        requiredInt(answer, "id", what),
        parse(requiredText(answer, "schema", what), what));
  }

  private static CompatibilityLevel level(JsonNode answer, String what) {
    JsonNode level = answer.get("compatibilityLevel");
    if (level == null) {
      level = answer.get("compatibility");
    }
    if (level == null || !level.isTextual()) {
      throw unparseable(what, "no compatibilityLevel", answer);
    }
    try {
      return CompatibilityLevel.valueOf(level.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw unparseable(what, "unknown compatibility level " + level.asText(), answer);
    }
  }

  private static void checkAvro(JsonNode answer, String what) {
    JsonNode type = answer.get("schemaType");
    if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.INVALID_SCHEMA,
          what + " is a " + type.asText() + " schema; FISO reads and writes Avro only");
    }
    JsonNode references = answer.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.INVALID_SCHEMA,
          what + " uses schema references, which FISO's client does not resolve");
    }
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().setValidateDefaults(false).parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.UNPARSEABLE_RESPONSE,
          what + " is not a valid Avro schema: " + e.getMessage(),
          e);
    }
  }

  private static String requiredText(JsonNode answer, String field, String what) {
    JsonNode node = answer.get(field);
    if (node == null || !node.isTextual()) {
      throw unparseable(what, "no text field '" + field + "'", answer);
    }
    return node.asText();
  }

  private static int requiredInt(JsonNode answer, String field, String what) {
    JsonNode node = answer.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw unparseable(what, "no integer field '" + field + "'", answer);
    }
    return node.intValue();
  }

  private static SchemaRegistryException unparseable(String what, String problem, JsonNode answer) {
    String text = answer == null ? "null" : answer.toString();
    return new SchemaRegistryException(
        200,
        SchemaRegistryException.UNPARSEABLE_RESPONSE,
        what + " answered " + problem + ": " + text.substring(0, Math.min(200, text.length())));
  }

  // ---- cache --------------------------------------------------------------------------------

  /** Loads a value once per key, also when several threads ask at the same time. */
  private static <K, V> V memo(
      ConcurrentMap<K, CompletableFuture<V>> cache, K key, Supplier<V> loader) {
    CompletableFuture<V> future = cache.get(key);
    if (future == null) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      future = cache.putIfAbsent(key, mine);
      if (future == null) {
        try {
          V value = loader.get();
          mine.complete(value);
          return value;
        } catch (RuntimeException e) {
          cache.remove(key, mine);
          mine.completeExceptionally(e);
          throw e;
        }
      }
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  static String enc(String segment) {
    Objects.requireNonNull(segment, "subject");
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String raw) {
    return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static URI withoutUserInfo(URI url) {
    try {
      return new URI(
          url.getScheme(),
          null,
          url.getHost(),
          url.getPort(),
          url.getPath(),
          url.getQuery(),
          url.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid schema registry URL " + url.getHost(), e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return "(empty)";
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  /** Settings of an {@link HttpSchemaRegistryClient}. */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private String user;
    private String password;
    private boolean credentialsFromUrl = true;
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxRetries = 3;
    private Duration retryWait = Duration.ofMillis(250);
    private Duration retryMaxWait = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Adds a registry URL ({@code http(s)://host:port[/path]}); a comma-separated list adds
     * several. User-info in a URL ({@code https://user:pass@host}) is used for basic auth unless
     * {@link #basicAuth} is set.
     */
    public Builder url(String url) {
      for (String one : url.split(",")) {
        String trimmed = one.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        URI uri;
        try {
          uri = new URI(trimmed);
        } catch (URISyntaxException e) {
          throw new IllegalArgumentException(
              URL_CONFIG + ": '" + redactUserInfo(trimmed) + "' is not a URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
          throw new IllegalArgumentException(
              URL_CONFIG
                  + ": '"
                  + redactUserInfo(trimmed)
                  + "' must be an http:// or https:// URL with a host, e.g. http://localhost:8081");
        }
        urls.add(uri);
      }
      return this;
    }

    /** Adds several registry URLs. */
    public Builder urls(List<String> list) {
      list.forEach(this::url);
      return this;
    }

    /** HTTP basic auth with these credentials. */
    public Builder basicAuth(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** HTTP basic auth from Confluent's {@code user:password} form. */
    public Builder userInfo(String userInfo) {
      Objects.requireNonNull(userInfo, "userInfo");
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            USER_INFO_CONFIG + " must have the form user:password (no ':' found)");
      }
      return basicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    }

    /** Whether user-info in the URLs is used for basic auth (Confluent's source URL; default). */
    public Builder credentialsFromUrl(boolean fromUrl) {
      this.credentialsFromUrl = fromUrl;
      return this;
    }

    /** The TLS context for https URLs (default: the JVM's default SSL context). */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, CONNECT_TIMEOUT_MS_CONFIG);
      return this;
    }

    /** How long one request may take, from sending to the whole answer. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, READ_TIMEOUT_MS_CONFIG);
      return this;
    }

    /** Retries after the first attempt on I/O errors, timeouts and 5xx answers (0 = none). */
    public Builder maxRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException(MAX_RETRIES_CONFIG + " must be >= 0, not " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /** The wait before the first retry, doubled each time up to {@code max} (with jitter). */
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            RETRIES_WAIT_MS_CONFIG
                + " must be >= 0 and <= "
                + RETRIES_MAX_WAIT_MS_CONFIG
                + " (got "
                + initial.toMillis()
                + " and "
                + max.toMillis()
                + ")");
      }
      this.retryWait = initial;
      this.retryMaxWait = max;
      return this;
    }

    public HttpSchemaRegistryClient build() {
      return new HttpSchemaRegistryClient(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, not " + d);
      }
      return d;
    }

    static String redactUserInfo(String url) {
      return url.replaceFirst("//[^/@]*@", "//****@");
    }
  }
}
