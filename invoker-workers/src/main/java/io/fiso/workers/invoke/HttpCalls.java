package io.fiso.workers.invoke;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP call shared by the Azure and Google invokers (java.net.http): a POST of the payload with
 * the invocation id and traceparent headers, measured, with every failure turned into an outcome.
 */
final class HttpCalls {

  /** The header that carries the invocation id to HTTP functions. */
  static final String INVOCATION_ID_HEADER = "X-Fiso-Invocation-Id";

  private static final Logger log = LoggerFactory.getLogger(HttpCalls.class);
  private static final AtomicBoolean warnedThreadPerResponse = new AtomicBoolean();

  private final HttpClient client;

  HttpCalls(Duration connectTimeout) {
    if (CommonPool.threadPerCompletion() && !warnedThreadPerResponse.getAndSet(true)) {
      log.warn(
          "The JDK's common ForkJoinPool runs serially on this machine, so java.net.http starts a"
              + " thread for every Azure or Google response; start the JVM with -D{}=2 (fiso's own"
              + " command does this)",
          CommonPool.PARALLELISM);
    }
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Classifies an HTTP answer: kind, error type and message (or null type on success). */
  interface StatusPolicy {
    Classified classify(int status, String body);
  }

  record Classified(CallOutcome.Kind kind, String errorType, String message) {}

  /**
   * Sends {@code call} to {@code uri} with {@code extraHeaders} (which may hold secrets: they are
   * never logged nor put in messages).
   */
  CompletableFuture<CallOutcome> post(
      Call call, URI uri, Map<String, String> extraHeaders, StatusPolicy policy) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(call.timeout())
            .header("Content-Type", call.contentType())
            .header(INVOCATION_ID_HEADER, call.invocationId())
            .header(TraceContext.TRACEPARENT, call.traceparent())
            .POST(HttpRequest.BodyPublishers.ofByteArray(call.payload()));
    if ("http".equals(uri.getScheme())) {
      // Plain-text HTTP (a local emulator): no h2c upgrade dance.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    extraHeaders.forEach(request::header);
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          transport(call, uri, e, started, Duration.ofNanos(System.nanoTime() - startNanos)));
    }
    return sent.handle(
        (response, error) -> {
          Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
          if (error != null) {
            return transport(call, uri, Failures.unwrap(error), started, latency);
          }
          return answered(call, uri, response, policy, started, latency);
        });
  }

  private static CallOutcome answered(
      Call call,
      URI uri,
      HttpResponse<byte[]> response,
      StatusPolicy policy,
      Instant started,
      Duration latency) {
    int status = response.statusCode();
    byte[] body = response.body() == null ? new byte[0] : response.body();
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    Classified c = policy.classify(status, snippet(body));
    Duration retryAfter =
        response.headers().firstValue("Retry-After").map(HttpCalls::retryAfter).orElse(null);
    boolean keepBody =
        c.kind() == CallOutcome.Kind.SUCCEEDED || c.kind() == CallOutcome.Kind.FUNCTION_ERROR;
    return new CallOutcome(
        c.kind(),
        status,
        keepBody ? body : null,
        keepBody ? contentType : null,
        c.errorType(),
        c.message() == null ? null : c.message() + " (" + redact(uri) + ")",
        true,
        started,
        latency,
        Metering.NONE,
        retryAfter);
  }

  private static CallOutcome transport(
      Call call, URI uri, Throwable e, Instant started, Duration latency) {
    if (e instanceof HttpConnectTimeoutException) {
      return CallOutcome.error(
          CallOutcome.Kind.TRANSIENT,
          503,
          "ConnectTimeout",
          "could not connect to " + redact(uri) + ": " + Failures.describe(e),
          false,
          started,
          latency,
          Metering.NONE,
          null);
    }
    if (e instanceof HttpTimeoutException) {
      return CallOutcome.error(
          CallOutcome.Kind.TIMED_OUT,
          504,
          "Timeout",
          "no answer from " + redact(uri) + " within " + call.timeout().toMillis() + " ms",
          true,
          started,
          latency,
          Metering.NONE,
          null);
    }
    boolean connectFailure =
        Failures.causedBy(e, ConnectException.class)
            || Failures.causedBy(e, UnknownHostException.class)
            || Failures.causedBy(e, ClosedChannelException.class);
    boolean io = e instanceof IOException || Failures.causedBy(e, IOException.class);
    return CallOutcome.error(
        CallOutcome.Kind.TRANSIENT,
        503,
        connectFailure ? "ConnectionFailed" : io ? "ConnectionError" : e.getClass().getSimpleName(),
        "could not call " + redact(uri) + ": " + Failures.describe(e),
        !connectFailure && io,
        started,
        latency,
        Metering.NONE,
        null);
  }

  /** The URL without its query string (which may hold a {@code code=} function key). */
  static String redact(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static String snippet(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
    return body.length > 300 ? text + "..." : text;
  }

  private static Duration retryAfter(String value) {
    try {
      long seconds = Long.parseLong(value.strip());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null; // an HTTP date: rare for functions, ignored
    }
  }

  /** Whether {@code uri} may be called over plain HTTP: only a loopback host (an emulator). */
  static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    try {
      String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
        return false; // a name: do not resolve it here
      }
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Checks a function URL: absolute, https (or http to a loopback emulator / when allowed). */
  static URI functionUrl(
      String target, boolean allowInsecureHttp, String provider, Function<String, String> hint) {
    URI uri;
    try {
      uri = URI.create(target.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "target '" + target + "' is not a URL: " + hint.apply(target));
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "target '" + target + "' is not an absolute URL: " + hint.apply(target));
    }
    if ("https".equals(uri.getScheme())) {
      return uri;
    }
    if ("http".equals(uri.getScheme()) && (allowInsecureHttp || isLoopback(uri))) {
      return uri;
    }
    throw new IllegalArgumentException(
        "target '"
            + redact(uri)
            + "' must use https (plain http only to a loopback emulator, or with "
            + provider
            + " insecure HTTP allowed)");
  }
}
