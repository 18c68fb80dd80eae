package io.fiso.workers.invoke;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.fiso.avro.Provider;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes Google Cloud Functions (2nd gen, Cloud Run functions).
 *
 * <ul>
 *   <li>SYNC: an HTTP POST to the function's URL (the target), with an ID token for that URL's
 *       audience from google-auth-library's Application Default Credentials, or without one for a
 *       public function ({@code FISO_GCP_AUTH=none}).
 *   <li>ASYNC: a message published with google-cloud-pubsub to the function's Pub/Sub trigger topic
 *       (the target's {@code asyncTarget}, {@code projects/<p>/topics/<t>}), the invocation id in
 *       the {@code fiso-invocation-id} attribute and as the ordering key, the traceparent in a
 *       {@code traceparent} attribute. {@code PUBSUB_EMULATOR_HOST} sends publishes to an emulator
 *       over a plaintext channel without credentials.
 *   <li>Google reports no billing figures to the caller: the round trip is measured and the cost
 *       estimated with Cloud Run functions' rules (the cost event says so).
 *   <li>Limits checked before the call: 32 MiB per HTTP/1 request (Cloud Run quotas,
 *       https://cloud.google.com/run/quotas) and 10 MB per Pub/Sub message
 *       (https://cloud.google.com/pubsub/quotas#resource_limits).
 * </ul>
 */
public final class GcpFunctionsInvoker implements Invoker {

  private static final Logger log = LoggerFactory.getLogger(GcpFunctionsInvoker.class);

  public static final int MAX_HTTP_PAYLOAD_BYTES = 32 * 1024 * 1024;
  public static final int MAX_PUBSUB_PAYLOAD_BYTES = 10_000_000;

  /** The Pub/Sub attribute carrying the invocation id (read by the Pub/Sub-triggered function). */
  public static final String INVOCATION_ID_ATTRIBUTE = "fiso-invocation-id";

  /** How calls authenticate to HTTP functions. */
  public enum Auth {
    /** An ID token for the function URL's audience (a private function). */
    ID_TOKEN,
    /** No Authorization header (a public function, or an emulator). */
    NONE
  }

  private final HttpCalls http;
  private final Auth auth;
  private final IdTokenSource idTokens;
  private final boolean allowInsecureHttp;
  private final String pubsubEmulatorHost;
  private final Duration maxCallTimeout;
  private final ExecutorService tokenExecutor;
  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
  private volatile ManagedChannel emulatorChannel;

  private GcpFunctionsInvoker(Builder b) {
    this.http = new HttpCalls(b.connectTimeout);
    this.auth = b.auth;
    this.idTokens = b.idTokens;
    this.allowInsecureHttp = b.allowInsecureHttp;
    this.pubsubEmulatorHost = b.pubsubEmulatorHost;
    this.maxCallTimeout = b.maxCallTimeout;
    AtomicInteger n = new AtomicInteger();
    this.tokenExecutor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fiso-gcp-id-token-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Provider provider() {
    return Provider.GCP;
  }

  @Override
  public CallOutcome validate(Call call) {
    if (call.sync()) {
      if (call.payload().length > MAX_HTTP_PAYLOAD_BYTES) {
        return tooLarge(call, MAX_HTTP_PAYLOAD_BYTES, "HTTP request");
      }
      try {
        url(call);
      } catch (IllegalArgumentException e) {
        return CallOutcome.rejected(400, "InvalidTarget", e.getMessage());
      }
      return null;
    }
    if (call.payload().length > MAX_PUBSUB_PAYLOAD_BYTES) {
      return tooLarge(call, MAX_PUBSUB_PAYLOAD_BYTES, "Pub/Sub message");
    }
    String topic = call.target().getAsyncTarget();
    if (topic == null || topic.isBlank()) {
      return CallOutcome.rejected(
          400,
          "InvalidTarget",
          "an ASYNC call to Google needs the target's asyncTarget, the function's Pub/Sub trigger"
              + " topic (projects/<project>/topics/<topic>); target "
              + call.target().getTarget()
              + " has none");
    }
    if (!TopicName.isParsableFrom(topic)) {
      return CallOutcome.rejected(
          400,
          "InvalidTarget",
          "asyncTarget '"
              + topic
              + "' is not a Pub/Sub topic name (projects/<project>/topics/<topic>)");
    }
    return null;
  }

  private static CallOutcome tooLarge(Call call, int limit, String what) {
    return CallOutcome.rejected(
        413,
        "PayloadTooLarge",
        "payload of "
            + call.payload().length
            + " bytes exceeds Google's "
            + what
            + " limit of "
            + limit
            + " bytes");
  }

  private URI url(Call call) {
    return HttpCalls.functionUrl(
        call.target().getTarget(),
        allowInsecureHttp,
        "FISO_GCP_ALLOW_HTTP",
        t ->
            "a Google Cloud Functions target is the function URL, https://<region>-<project>.cloudfunctions.net/<function>");
  }

  @Override
  public CompletableFuture<CallOutcome> invoke(Call call) {
    CallOutcome rejected = validate(call);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    return call.sync() ? invokeHttp(call) : publish(call);
  }

  private CompletableFuture<CallOutcome> invokeHttp(Call call) {
    URI uri = url(call);
    if (auth == Auth.NONE) {
      return http.post(call, uri, Map.of(), GcpFunctionsInvoker::classify);
    }
    String audience = HttpCalls.redact(uri);
    Instant started = Instant.now();
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return idTokens.idToken(audience);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            tokenExecutor)
        .handle(
            (token, error) -> {
              if (error != null) {
                Throwable cause = Failures.unwrap(error);
                CallOutcome failed =
                    CallOutcome.error(
                        CallOutcome.Kind.TRANSIENT,
                        503,
                        "IdTokenUnavailable",
                        "could not get an ID token for "
                            + audience
                            + ": "
                            + Failures.describe(
                                cause.getCause() != null ? cause.getCause() : cause),
                        false,
                        started,
                        Duration.between(started, Instant.now()),
                        Metering.NONE,
                        null);
                return CompletableFuture.completedFuture(failed);
              }
              return http.post(
                  call,
                  uri,
                  Map.of("Authorization", "Bearer " + token),
                  GcpFunctionsInvoker::classify);
            })
        .thenCompose(f -> f);
  }

  static HttpCalls.Classified classify(int status, String body) {
    if (status >= 200 && status < 300) {
      return new HttpCalls.Classified(CallOutcome.Kind.SUCCEEDED, null, null);
    }
    String detail = body == null || body.isEmpty() ? "" : ": " + body;
    return switch (status) {
      case 429 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.THROTTLED,
              "TooManyRequests",
              "Cloud Functions had no instance available (429)");
      case 500 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.FUNCTION_ERROR,
              "FunctionError",
              "the function failed (500)" + detail);
      case 502, 503 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.TRANSIENT,
              "ServiceUnavailable",
              "Cloud Functions answered " + status + detail);
      case 504 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.TIMED_OUT,
              "DeadlineExceeded",
              "the function exceeded its timeout (504)");
      case 401, 403 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.CLIENT_ERROR,
              "Unauthorized",
              "the function refused the call ("
                  + status
                  + "): a private function needs FISO_GCP_AUTH=id-token and the roles/run.invoker role"
                  + " for the credentials' account");
      case 404 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.CLIENT_ERROR, "FunctionNotFound", "no function at this URL (404)");
      case 413 ->
          new HttpCalls.Classified(
              CallOutcome.Kind.CLIENT_ERROR,
              "PayloadTooLarge",
              "the function refused the payload as too large (413)");
      default ->
          status >= 500
              ? new HttpCalls.Classified(
                  CallOutcome.Kind.TRANSIENT,
                  "HttpError" + status,
                  "Google answered " + status + detail)
              : new HttpCalls.Classified(
                  CallOutcome.Kind.CLIENT_ERROR,
                  "HttpError" + status,
                  "Google answered " + status + detail);
    };
  }

  private CompletableFuture<CallOutcome> publish(Call call) {
    String topic = call.target().getAsyncTarget();
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    Publisher publisher;
    try {
      publisher = publisher(topic);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(
          CallOutcome.error(
              CallOutcome.Kind.TRANSIENT,
              503,
              "PublisherUnavailable",
              "could not create a Pub/Sub publisher for " + topic + ": " + Failures.describe(e),
              false,
              started,
              Duration.ofNanos(System.nanoTime() - startNanos),
              Metering.NONE,
              null));
    }
    PubsubMessage message =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(call.payload()))
            .putAttributes(INVOCATION_ID_ATTRIBUTE, call.invocationId())
            .putAttributes(TraceContext.TRACEPARENT, call.traceparent())
            .putAttributes("fiso-function", call.function())
            .putAttributes("content-type", call.contentType())
            .setOrderingKey(call.invocationId())
            .build();
    CompletableFuture<CallOutcome> result = new CompletableFuture<>();
    ApiFuture<String> published = publisher.publish(message);
    ApiFutures.addCallback(
        published,
        new ApiFutureCallback<>() {
          @Override
          public void onSuccess(String messageId) {
            result.complete(
                new CallOutcome(
                    CallOutcome.Kind.ACCEPTED,
                    202,
                    null,
                    null,
                    null,
                    null,
                    true,
                    started,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    Metering.NONE,
                    null));
          }

          @Override
          public void onFailure(Throwable t) {
            publisher.resumePublish(call.invocationId());
            result.complete(
                publishFailure(
                    topic,
                    Failures.unwrap(t),
                    started,
                    Duration.ofNanos(System.nanoTime() - startNanos)));
          }
        },
        MoreExecutors.directExecutor());
    return result
        .orTimeout(call.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            t -> {
              Throwable cause = Failures.unwrap(t);
              if (cause instanceof TimeoutException) {
                published.cancel(false);
                return CallOutcome.error(
                    CallOutcome.Kind.TIMED_OUT,
                    504,
                    "Timeout",
                    "Pub/Sub did not confirm the publish to "
                        + topic
                        + " within "
                        + call.timeout().toMillis()
                        + " ms",
                    true,
                    started,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    Metering.NONE,
                    null);
              }
              return publishFailure(
                  topic, cause, started, Duration.ofNanos(System.nanoTime() - startNanos));
            });
  }

  private static CallOutcome publishFailure(
      String topic, Throwable t, Instant started, Duration latency) {
    if (t instanceof ApiException api) {
      var code = api.getStatusCode().getCode();
      String message =
          "Pub/Sub refused the publish to " + topic + ": " + code + " " + api.getMessage();
      return switch (code) {
        case NOT_FOUND ->
            failure(
                CallOutcome.Kind.CLIENT_ERROR,
                404,
                "TopicNotFound",
                message,
                true,
                started,
                latency);
        case PERMISSION_DENIED ->
            failure(
                CallOutcome.Kind.CLIENT_ERROR,
                403,
                "PermissionDenied",
                message,
                true,
                started,
                latency);
        case UNAUTHENTICATED ->
            failure(
                CallOutcome.Kind.CLIENT_ERROR,
                401,
                "Unauthenticated",
                message,
                true,
                started,
                latency);
        case INVALID_ARGUMENT ->
            failure(
                CallOutcome.Kind.CLIENT_ERROR,
                400,
                "InvalidArgument",
                message,
                true,
                started,
                latency);
        case RESOURCE_EXHAUSTED ->
            failure(
                CallOutcome.Kind.THROTTLED,
                429,
                "ResourceExhausted",
                message,
                true,
                started,
                latency);
        case DEADLINE_EXCEEDED ->
            failure(
                CallOutcome.Kind.TIMED_OUT,
                504,
                "DeadlineExceeded",
                message,
                true,
                started,
                latency);
        case UNAVAILABLE ->
            failure(
                CallOutcome.Kind.TRANSIENT, 503, "Unavailable", message, false, started, latency);
        default ->
            failure(CallOutcome.Kind.TRANSIENT, 503, code.name(), message, true, started, latency);
      };
    }
    return failure(
        CallOutcome.Kind.TRANSIENT,
        503,
        t.getClass().getSimpleName(),
        "could not publish to " + topic + ": " + Failures.describe(t),
        false,
        started,
        latency);
  }

  private static CallOutcome failure(
      CallOutcome.Kind kind,
      int status,
      String type,
      String message,
      boolean reached,
      Instant started,
      Duration latency) {
    return new CallOutcome(
        kind, status, null, null, type, message, reached, started, latency, Metering.NONE, null);
  }

  private Publisher publisher(String topic) throws IOException {
    Publisher existing = publishers.get(topic);
    if (existing != null) {
      return existing;
    }
    synchronized (publishers) {
      existing = publishers.get(topic);
      if (existing != null) {
        return existing;
      }
      RetrySettings retry =
          RetrySettings.newBuilder()
              .setTotalTimeoutDuration(maxCallTimeout)
              .setInitialRetryDelayDuration(Duration.ofMillis(100))
              .setRetryDelayMultiplier(2)
              .setMaxRetryDelayDuration(Duration.ofSeconds(5))
              .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
              .setRpcTimeoutMultiplier(1)
              .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
              .build();
      Publisher.Builder builder =
          Publisher.newBuilder(TopicName.parse(topic))
              .setEnableMessageOrdering(true)
              .setRetrySettings(retry);
      if (pubsubEmulatorHost != null) {
        builder
            .setChannelProvider(
                FixedTransportChannelProvider.create(
                    GrpcTransportChannel.create(emulatorChannel())))
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      Publisher publisher = builder.build();
      publishers.put(topic, publisher);
      log.info(
          "Pub/Sub publisher for {} ({})",
          topic,
          pubsubEmulatorHost == null ? "Google Cloud" : "emulator " + pubsubEmulatorHost);
      return publisher;
    }
  }

  private ManagedChannel emulatorChannel() {
    if (emulatorChannel == null) {
      emulatorChannel = ManagedChannelBuilder.forTarget(pubsubEmulatorHost).usePlaintext().build();
    }
    return emulatorChannel;
  }

  @Override
  public void close() {
    for (Publisher p : publishers.values()) {
      p.shutdown();
    }
    for (Publisher p : publishers.values()) {
      try {
        p.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    publishers.clear();
    if (emulatorChannel != null) {
      emulatorChannel.shutdownNow();
    }
    tokenExecutor.shutdownNow();
  }

  /** Settings of a {@link GcpFunctionsInvoker}, validated by {@link #build()}. */
  public static final class Builder {
    private Auth auth = Auth.ID_TOKEN;
    private IdTokenSource idTokens;
    private boolean allowInsecureHttp;
    private String pubsubEmulatorHost;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration maxCallTimeout = Duration.ofMinutes(60);

    private Builder() {}

    /** ID_TOKEN (default) or NONE. Setting: {@code FISO_GCP_AUTH=id-token|none}. */
    public Builder auth(Auth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Where ID tokens come from; default: Application Default Credentials. */
    public Builder idTokens(IdTokenSource idTokens) {
      this.idTokens = idTokens;
      return this;
    }

    /** Allows plain-http function URLs on any host (default: only loopback emulators). */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Publishes to a Pub/Sub emulator at {@code host:port} over plaintext without credentials, as
     * Google's client libraries do when {@code PUBSUB_EMULATOR_HOST} is set. Null: Google Cloud.
     */
    public Builder pubsubEmulatorHost(String hostAndPort) {
      this.pubsubEmulatorHost =
          hostAndPort == null || hostAndPort.isBlank() ? null : hostAndPort.strip();
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The longest call the worker will make (2nd gen HTTP functions run up to 60 minutes). */
    public Builder maxCallTimeout(Duration maxCallTimeout) {
      this.maxCallTimeout = maxCallTimeout;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting at fault
     * @throws IllegalStateException when ID tokens are required and ADC cannot mint them
     */
    public GcpFunctionsInvoker build() {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(maxCallTimeout, "maxCallTimeout");
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        throw new IllegalArgumentException(
            "Google invoker connectTimeout must be positive, was " + connectTimeout);
      }
      if (maxCallTimeout.isNegative() || maxCallTimeout.isZero()) {
        throw new IllegalArgumentException(
            "Google invoker maxCallTimeout must be positive, was " + maxCallTimeout);
      }
      if (pubsubEmulatorHost != null && !pubsubEmulatorHost.matches("[^:/\\s]+:[0-9]{1,5}")) {
        throw new IllegalArgumentException(
            "PUBSUB_EMULATOR_HOST must be host:port such as 127.0.0.1:8085, was "
                + pubsubEmulatorHost);
      }
      if (auth == Auth.ID_TOKEN && idTokens == null) {
        try {
          idTokens = IdTokenSource.applicationDefault();
        } catch (IOException e) {
          throw new IllegalStateException(
              e.getMessage() + " (or set FISO_GCP_AUTH=none for public functions)", e);
        }
      }
      return new GcpFunctionsInvoker(this);
    }
  }
}
