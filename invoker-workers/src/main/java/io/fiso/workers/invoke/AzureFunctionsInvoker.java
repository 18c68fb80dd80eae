package io.fiso.workers.invoke;

import io.fiso.avro.Provider;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Invokes HTTP-triggered Azure Functions over HTTPS with java.net.http.
 *
 * <ul>
 *   <li>The target is the function's URL ({@code https://<app>.azurewebsites.net/api/<function>}).
 *   <li>The function key goes in {@code x-functions-key}; it comes from configuration or from a
 *       secret file (re-read when it changes) and is never logged.
 *   <li>429 (throttled) and 503 (host unavailable or scaling) are retried by the worker; other 4xx
 *       are not. 500 is the function's own failure.
 *   <li>Azure reports no billing figures to the caller: the round trip is measured and the cost
 *       estimated with the Consumption plan's rules (the cost event says so).
 *   <li>HTTP triggers have no fire-and-forget mode: an ASYNC invocation is made as a synchronous
 *       call whose answer is recorded like a SYNC one.
 *   <li>Requests over the HTTP trigger's 100 MB limit (104,857,600 bytes,
 *       https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#limits)
 *       are refused before the call.
 * </ul>
 */
public final class AzureFunctionsInvoker implements Invoker {

  /** The HTTP trigger's request length limit. */
  public static final int MAX_PAYLOAD_BYTES = 104_857_600;

  /** The function-key header. */
  public static final String FUNCTION_KEY_HEADER = "x-functions-key";

  private final HttpCalls http;
  private final SecretValue defaultKey;
  private final Map<String, SecretValue> keysByPrefix;
  private final boolean allowInsecureHttp;

  private AzureFunctionsInvoker(Builder b) {
    this.http = new HttpCalls(b.connectTimeout);
    this.defaultKey = b.functionKey;
    this.keysByPrefix = Map.copyOf(b.keysByPrefix);
    this.allowInsecureHttp = b.allowInsecureHttp;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Provider provider() {
    return Provider.AZURE;
  }

  @Override
  public CallOutcome validate(Call call) {
    if (call.payload().length > MAX_PAYLOAD_BYTES) {
      return CallOutcome.rejected(
          413,
          "PayloadTooLarge",
          "payload of "
              + call.payload().length
              + " bytes exceeds the Azure Functions HTTP trigger limit of "
              + MAX_PAYLOAD_BYTES
              + " bytes");
    }
    try {
      url(call);
    } catch (IllegalArgumentException e) {
      return CallOutcome.rejected(400, "InvalidTarget", e.getMessage());
    }
    return null;
  }

  private URI url(Call call) {
    return HttpCalls.functionUrl(
        call.target().getTarget(),
        allowInsecureHttp,
        "FISO_AZURE_ALLOW_HTTP",
        t ->
            "an Azure Functions target is the function URL, https://<app>.azurewebsites.net/api/<function>");
  }

  @Override
  public CompletableFuture<CallOutcome> invoke(Call call) {
    CallOutcome rejected = validate(call);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    URI uri = url(call);
    Map<String, String> headers = new LinkedHashMap<>();
    SecretValue key = keyFor(uri.toString());
    if (key != null) {
      headers.put(FUNCTION_KEY_HEADER, key.get());
    }
    return http.post(call, uri, headers, AzureFunctionsInvoker::classify);
  }

  private SecretValue keyFor(String url) {
    SecretValue best = null;
    int bestLength = -1;
    for (Map.Entry<String, SecretValue> e : keysByPrefix.entrySet()) {
      if (url.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
        best = e.getValue();
        bestLength = e.getKey().length();
      }
    }
    return best != null ? best : defaultKey;
  }

  static HttpCalls.Classified classify(int status, String body) {
    if (status >= 200 && status < 300) {
      return new HttpCalls.Classified(CallOutcome.Kind.SUCCEEDED, null, null);
    }
    return switch (status) {
      case 429 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.THROTTLED, "TooManyRequests", "Azure Functions throttled the call");
      case 503 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.TRANSIENT,
              "ServiceUnavailable",
              "the function app is unavailable (503)" + detail(body));
      case 500 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.FUNCTION_ERROR,
              "FunctionError",
              "the function failed (500)" + detail(body));
      case 504 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.TIMED_OUT, "GatewayTimeout", "the function app timed out (504)");
      case 401, 403 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.CLIENT_ERROR,
              "Unauthorized",
              "the function refused the key ("
                  + status
                  + "): set FISO_AZURE_FUNCTION_KEY or FISO_AZURE_FUNCTION_KEY_FILE to the function's key");
      case 404 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.CLIENT_ERROR, "FunctionNotFound", "no function at this URL (404)");
      case 413 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.CLIENT_ERROR,
              "PayloadTooLarge",
              "the function app refused the payload as too large (413)");
      default ->
          status >= 500
              ? new HttpCalls.Classified(
                  CallOutcome.Kind.TRANSIENT,
                  "HttpError" + status,
                  "Azure answered " + status + detail(body))
              : new HttpCalls.Classified(
                  CallOutcome.Kind.CLIENT_ERROR,
                  "HttpError" + status,
                  "Azure answered " + status + detail(body));
    };
  }

  private static String detail(String body) {
    return body == null || body.isEmpty() ? "" : ": " + body;
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads are daemons.
  }

  /** Settings of an {@link AzureFunctionsInvoker}, validated by {@link #build()}. */
  public static final class Builder {
    private SecretValue functionKey;
    private final Map<String, SecretValue> keysByPrefix = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private boolean allowInsecureHttp;

    private Builder() {}

    /** The function key sent to every target without a more specific one. */
    public Builder functionKey(SecretValue key) {
      this.functionKey = key;
      return this;
    }

    /** A key for the targets whose URL starts with {@code urlPrefix} (one function app). */
    public Builder functionKey(String urlPrefix, SecretValue key) {
      keysByPrefix.put(
          Objects.requireNonNull(urlPrefix, "urlPrefix"), Objects.requireNonNull(key, "key"));
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Allows plain-http targets on any host (default: only loopback emulators). */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    public AzureFunctionsInvoker build() {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException(
            "Azure invoker connectTimeout must be positive, was " + connectTimeout);
      }
      return new AzureFunctionsInvoker(this);
    }
  }
}
