package io.fiso.controlplane.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fiso.controlplane.ApiTokens;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.ControlPlaneStartException;
import io.fiso.controlplane.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the JDK's {@link HttpServer} on a bounded thread pool, dispatching to {@link
 * Route}s. It authenticates bearer tokens before a handler runs, refuses bodies over the size limit
 * before reading them, times every request ({@code http.server.requests}) and turns every failure
 * into RFC 9457 problem+json.
 */
public final class ApiServer implements AutoCloseable {

  static {
    // The JDK HTTP server leaves Nagle's algorithm on: small responses then wait ~40 ms for the
    // client's delayed ACK. Read once, when the first server starts.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String REALM = "Bearer realm=\"fiso\"";

  private final ControlPlaneConfig config;
  private final List<Route> routes;
  private final MeterRegistry meters;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;

  /**
   * Binds the port (the server does not answer until {@link #start()}).
   *
   * @throws ControlPlaneStartException when the port is in use or the address cannot be bound
   */
  public ApiServer(ControlPlaneConfig config, List<Route> routes, MeterRegistry meters) {
    this.config = config;
    this.routes = List.copyOf(routes);
    this.meters = meters;
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            config.httpThreads(),
            config.httpThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.httpQueueCapacity()),
            r -> {
              Thread t = new Thread(r, "fiso-http-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, pool) -> {
              meters.counter("fiso.controlplane.http.rejected").increment();
              LOG.warn(
                  "Every HTTP thread is busy and {} requests are queued: closing a connection",
                  config.httpQueueCapacity());
              throw new java.util.concurrent.RejectedExecutionException("HTTP queue full");
            });
    executor.allowCoreThreadTimeOut(true);
    InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
    try {
      this.server = HttpServer.create(address, 0);
    } catch (BindException e) {
      executor.shutdownNow();
      throw new ControlPlaneStartException(
          "Cannot listen on "
              + config.bindAddress()
              + ":"
              + config.port()
              + ": port "
              + config.port()
              + " is already in use (or not allowed). Stop what is listening there or choose another"
              + " port with --port or FISO_CONTROL_PLANE_PORT.",
          e);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new ControlPlaneStartException(
          "Cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(),
          e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
  }

  public ApiServer start() {
    server.start();
    return this;
  }

  /** The port listened on (the chosen one when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The routes served, in match order. */
  public List<Route> routes() {
    return routes;
  }

  private void dispatch(HttpExchange exchange) {
    long start = System.nanoTime();
    String template = "NOT_FOUND";
    int status = 500;
    URI uri = exchange.getRequestURI();
    String method = exchange.getRequestMethod();
    try {
      ApiResponse response;
      try {
        Match match = match(method, uri.getRawPath());
        template = match.route().template();
        Scope scope = authenticate(exchange, match.route());
        checkDeclaredLength(exchange);
        ApiRequest request =
            new ApiRequest(
                method,
                uri,
                exchange.getRequestHeaders(),
                match.params(),
                exchange.getRequestBody(),
                config.maxRequestBytes(),
                scope);
        response = match.route().handler().handle(request);
      } catch (ApiException e) {
        response = problem(e.problem(), uri.getPath());
      } catch (UncheckedIOException e) {
        LOG.debug("I/O error on {} {}: {}", method, uri.getPath(), e.toString());
        response = problem(Problem.badRequest(e.getMessage()), uri.getPath());
      } catch (RuntimeException e) {
        LOG.error("Unexpected error answering {} {}", method, uri.getPath(), e);
        response =
            problem(
                new Problem(
                    500,
                    "internal-error",
                    "Internal error",
                    "The control plane failed to answer: "
                        + e.getClass().getSimpleName()
                        + " (details are in its log)"),
                uri.getPath());
      }
      status = response.status();
      send(exchange, response);
    } catch (IOException e) {
      LOG.debug("Could not send the response to {} {}: {}", method, uri.getPath(), e.toString());
    } finally {
      exchange.close();
      Timer.builder("http.server.requests")
          .description("HTTP requests served by the control plane")
          .tag("method", method)
          .tag("uri", template)
          .tag("status", Integer.toString(status))
          .tag("outcome", outcome(status))
          .register(meters)
          .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private record Match(Route route, Map<String, String> params) {}

  private Match match(String method, String rawPath) {
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = route.match(rawPath);
      if (params != null) {
        if (route.method().equalsIgnoreCase(method)) {
          return new Match(route, params);
        }
        allowed.add(route.method());
      }
    }
    if (!allowed.isEmpty()) {
      throw new Problem(
              405,
              "method-not-allowed",
              "Method not allowed",
              method + " is not supported here; use " + String.join(", ", allowed))
          .header("Allow", String.join(", ", allowed))
          .toException();
    }
    throw Problem.notFound(
            "not-found",
            "Not found",
            "No endpoint at this path; the API is described at /api/v1/openapi.json")
        .toException();
  }

  private Scope authenticate(HttpExchange exchange, Route route) {
    ApiTokens tokens = config.tokens();
    if (!tokens.enabled()) {
      return Scope.ADMIN;
    }
    Optional<String> header =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
    Optional<Scope> scope =
        header
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim())
            .flatMap(tokens::authenticate);
    if (route.scope() == null) {
      return scope.orElse(null);
    }
    if (header.isEmpty()) {
      throw new Problem(
              401,
              "unauthorized",
              "Unauthorized",
              "This endpoint needs a bearer token with scope "
                  + route.scope().id()
                  + ": send Authorization: Bearer TOKEN")
          .header("WWW-Authenticate", REALM)
          .toException();
    }
    if (scope.isEmpty()) {
      throw new Problem(
              401,
              "unauthorized",
              "Unauthorized",
              "The bearer token is not one this control plane accepts")
          .header("WWW-Authenticate", REALM + ", error=\"invalid_token\"")
          .toException();
    }
    if (!scope.get().grants(route.scope())) {
      throw new Problem(
              403,
              "forbidden",
              "Forbidden",
              "This endpoint needs a token with scope "
                  + route.scope().id()
                  + "; this token has scope "
                  + scope.get().id())
          .header(
              "WWW-Authenticate",
              REALM + ", error=\"insufficient_scope\", scope=\"" + route.scope().id() + "\"")
          .toException();
    }
    return scope.get();
  }

  private void checkDeclaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length == null) {
      return;
    }
    long declared;
    try {
      declared = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw Problem.badRequest("Content-Length '" + length + "' is not a number").toException();
    }
    if (declared > config.maxRequestBytes()) {
      throw ApiRequest.tooLarge(config.maxRequestBytes(), declared + " bytes");
    }
  }

  private static ApiResponse problem(Problem problem, String instance) {
    return new ApiResponse(problem.status(), Problem.MEDIA_TYPE, Json.bytes(problem.body(instance)))
        .headers(problem.headers());
  }

  private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
    var headers = exchange.getResponseHeaders();
    response.headers().forEach(headers::set);
    if (response.contentType() != null) {
      headers.set("Content-Type", response.contentType());
    }
    headers.set("Cache-Control", "no-store");
    byte[] body = response.body();
    boolean noBody =
        response.status() == 204
            || response.status() == 304
            || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(
        response.status(), noBody ? -1 : (body.length == 0 ? -1 : body.length));
    if (!noBody && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String outcome(int status) {
    if (status < 200) {
      return "INFORMATIONAL";
    } else if (status < 300) {
      return "SUCCESS";
    } else if (status < 400) {
      return "REDIRECTION";
    } else if (status < 500) {
      return "CLIENT_ERROR";
    }
    return "SERVER_ERROR";
  }

  /** Stops accepting, lets running requests finish for up to a second, stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }

  /** Routes whose template and method are listed, for documentation checks. */
  public static List<String> describe(List<Route> routes) {
    List<String> out = new ArrayList<>();
    routes.forEach(r -> out.add(r.method() + " " + r.template()));
    return out;
  }
}
