package io.fiso.devstack.emulator;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.sun.net.httpserver.HttpExchange;
import io.fiso.mcal.functions.azure.SampleAzureFunction;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * An Azure Functions host for HTTP-triggered Java functions, serving {@code /api/{function}} like a
 * function app does, and running the functions in-process with the Java worker's binding types
 * ({@link HttpRequestMessage} with a binary body, {@link ExecutionContext}).
 *
 * <ul>
 *   <li>A function with authLevel FUNCTION needs its key in {@code x-functions-key} or the {@code
 *       code} query parameter: 401 otherwise, as the host answers.
 *   <li>An unhandled exception is a 500 with an empty body; the host's timeout a 504.
 *   <li>Faults: 429 when throttled or over the concurrency limit, 503 when down, the first call of
 *       a new instance waits the cold-start delay.
 * </ul>
 */
public final class AzureFunctionsEmulator implements AutoCloseable {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(AzureFunctionsEmulator.class);

  public static final String SAMPLE_FUNCTION = SampleAzureFunction.FUNCTION_NAME;
  public static final String KEY_HEADER = "x-functions-key";

  /** An HTTP-triggered function, as the Java worker calls it. */
  @FunctionalInterface
  public interface HttpTrigger {
    HttpResponseMessage run(HttpRequestMessage<Optional<byte[]>> request, ExecutionContext context)
        throws Exception;
  }

  private static final class Function {
    final String name;
    final HttpTrigger trigger;
    final String key;
    final Duration timeout;
    final FunctionFaults faults = new FunctionFaults();
    final FunctionStats stats = new FunctionStats();
    final AtomicBoolean warm = new AtomicBoolean();

    Function(String name, HttpTrigger trigger, String key, Duration timeout) {
      this.name = name;
      this.trigger = trigger;
      this.key = key;
      this.timeout = timeout;
    }
  }

  private final Map<String, Function> functions;
  private final EmulatorHttp http;

  private AzureFunctionsEmulator(Builder b) {
    this.functions = new ConcurrentHashMap<>(b.functions);
    this.http = new EmulatorHttp("azure-functions-emulator", b.port, this::handle);
    log.info("Azure Functions emulator on {} serving {}", http.baseUrl(), functions.keySet());
  }

  public static Builder builder() {
    return new Builder();
  }

  public int port() {
    return http.port();
  }

  /** The function's URL, as a routing target: http://127.0.0.1:port/api/{name}. */
  public String functionUrl(String function) {
    require(function);
    return http.baseUrl() + "/api/" + function;
  }

  /** The function's key (the value for {@code x-functions-key}), or null for an anonymous one. */
  public String functionKey(String function) {
    return require(function).key;
  }

  public FunctionFaults faults(String function) {
    return require(function).faults;
  }

  public FunctionStats stats(String function) {
    return require(function).stats;
  }

  private Function require(String name) {
    Function f = functions.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "no Azure function " + name + " in the emulator; it has " + functions.keySet());
    }
    return f;
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (EmulatorControl.handle(
        exchange,
        name -> {
          Function f = functions.get(name);
          return f == null ? null : new EmulatorControl.Controls(f.faults, f.stats);
        },
        functions.keySet())) {
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith("/api/")) {
      EmulatorHttp.send(exchange, 404, Map.of(), null);
      return;
    }
    Function f = functions.get(path.substring("/api/".length()));
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (f == null) {
      EmulatorHttp.send(exchange, 404, Map.of(), null);
      return;
    }
    if (!method.equals("GET") && !method.equals("POST")) {
      EmulatorHttp.send(exchange, 405, Map.of(), null);
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (f.key != null) {
      String given = exchange.getRequestHeaders().getFirst(KEY_HEADER);
      if (given == null) {
        given = query.get("code");
      }
      if (given == null
          || !MessageDigest.isEqual(
              given.getBytes(StandardCharsets.UTF_8), f.key.getBytes(StandardCharsets.UTF_8))) {
        EmulatorHttp.send(exchange, 401, Map.of(), null);
        return;
      }
    }
    f.stats.request();
    switch (f.faults.gate()) {
      case UNAVAILABLE -> {
        f.stats.countUnavailable();
        EmulatorHttp.send(
            exchange,
            503,
            Map.of("Content-Type", "text/plain"),
            "Function host is not running.".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case THROTTLE -> {
        f.stats.countThrottle();
        EmulatorHttp.send(exchange, 429, Map.of("Retry-After", "1"), null);
        return;
      }
      default -> {
        // pass
      }
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    String invocationId = headers.get("X-Fiso-Invocation-Id");
    if (!f.stats.tryStart(invocationId, f.faults.concurrencyLimit())) {
      f.stats.countThrottle();
      EmulatorHttp.send(exchange, 429, Map.of("Retry-After", "1"), null);
      return;
    }
    HttpResponseMessage response;
    long start = System.nanoTime();
    try {
      if (f.faults.forcedColdStart() || f.warm.compareAndSet(false, true)) {
        f.stats.countColdStart();
        FunctionFaults.sleep(f.faults.coldStartDelay());
      }
      FunctionFaults.sleep(f.faults.latency());
      if (Duration.ofNanos(System.nanoTime() - start).compareTo(f.timeout) > 0) {
        f.stats.countFunctionError();
        EmulatorHttp.send(exchange, 504, Map.of(), null);
        return;
      }
      if (f.faults.failsNow()) {
        throw new IllegalStateException("injected failure (emulator fault)");
      }
      URI uri =
          URI.create(
              "http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI());
      response =
          f.trigger.run(
              new Request(
                  uri,
                  HttpMethod.value(method),
                  headers,
                  query,
                  body.length == 0 && method.equals("GET") ? null : body),
              new Context(f.name));
    } catch (Exception e) {
      f.stats.countFunctionError();
      log.info("Azure function {} failed: {}", f.name, e.toString());
      EmulatorHttp.send(exchange, 500, Map.of(), null);
      return;
    } finally {
      f.stats.finished();
    }
    writeResponse(exchange, response);
  }

  private static void writeResponse(HttpExchange exchange, HttpResponseMessage response)
      throws IOException {
    Response r = (Response) response;
    Object body = r.body;
    byte[] bytes;
    if (body == null) {
      bytes = null;
    } else if (body instanceof byte[] b) {
      bytes = b;
    } else if (body instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    } else {
      bytes = EmulatorHttp.JSON.writeValueAsBytes(body);
      r.headers.putIfAbsent("Content-Type", "application/json; charset=utf-8");
    }
    EmulatorHttp.send(exchange, r.status.value(), r.headers, bytes);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        q.put(
            URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  @Override
  public void close() {
    http.close();
  }

  // ------------------------------------------------------------------ binding types

  private static final class Request implements HttpRequestMessage<Optional<byte[]>> {
    private final URI uri;
    private final HttpMethod method;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final byte[] body;

    Request(
        URI uri,
        HttpMethod method,
        Map<String, String> headers,
        Map<String, String> query,
        byte[] body) {
      this.uri = uri;
      this.method = method;
      this.headers = headers;
      this.query = query;
      this.body = body;
    }

    @Override
    public URI getUri() {
      return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
      return method;
    }

    @Override
    public Map<String, String> getHeaders() {
      return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
      return query;
    }

    @Override
    public Optional<byte[]> getBody() {
      return Optional.ofNullable(body);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
      return new ResponseBuilder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
      return new ResponseBuilder(status);
    }
  }

  private static final class ResponseBuilder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    ResponseBuilder(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType status) {
      this.status = status;
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object body) {
      this.body = body;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return new Response(status, headers, body);
    }
  }

  private static final class Response implements HttpResponseMessage {
    final HttpStatusType status;
    final Map<String, String> headers;
    final Object body;

    Response(HttpStatusType status, Map<String, String> headers, Object body) {
      this.status = status;
      this.headers = new LinkedHashMap<>(headers);
      this.body = body;
    }

    @Override
    public HttpStatusType getStatus() {
      return status;
    }

    @Override
    public String getHeader(String key) {
      return headers.get(key);
    }

    @Override
    public Object getBody() {
      return body;
    }
  }

  private static final class Context implements ExecutionContext {
    private final String function;
    private final String invocationId = UUID.randomUUID().toString();

    Context(String function) {
      this.function = function;
    }

    @Override
    public Logger getLogger() {
      return Logger.getLogger("Function." + function);
    }

    @Override
    public String getInvocationId() {
      return invocationId;
    }

    @Override
    public String getFunctionName() {
      return function;
    }
  }

  /** Functions and port of an {@link AzureFunctionsEmulator}. */
  public static final class Builder {
    private int port;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    private Builder() {}

    /** 0 (default) picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Azure emulator port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * An HTTP-triggered function at /api/{name}; {@code key} is its function key (authLevel
     * FUNCTION), null for an anonymous function.
     */
    public Builder function(String name, HttpTrigger trigger, String key, Duration timeout) {
      if (name == null || !name.matches("[a-zA-Z][a-zA-Z0-9-_]{0,126}")) {
        throw new IllegalArgumentException(
            "an Azure function name starts with a letter, then letters, digits, - or _; was "
                + name);
      }
      Objects.requireNonNull(trigger, "trigger");
      Objects.requireNonNull(timeout, "timeout");
      if (key != null && key.isBlank()) {
        throw new IllegalArgumentException("the function key of " + name + " is blank");
      }
      functions.put(name, new Function(name, trigger, key, timeout));
      return this;
    }

    /**
     * The mcal sample function {@value #SAMPLE_FUNCTION} ({@link SampleAzureFunction}) with this
     * key.
     */
    public Builder sampleFunction(String key) {
      SampleAzureFunction sample = new SampleAzureFunction();
      return function(SAMPLE_FUNCTION, sample::run, key, Duration.ofMinutes(5));
    }

    public AzureFunctionsEmulator start() {
      return new AzureFunctionsEmulator(this);
    }
  }

  /** A random function key, like the host generates (base64url, 40 bytes). */
  public static String newFunctionKey() {
    byte[] b = new byte[40];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
