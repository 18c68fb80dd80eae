package io.fiso.workers.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fiso.avro.Provider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Invokes AWS Lambda functions with the AWS SDK v2 {@link LambdaAsyncClient} on the Netty client.
 *
 * <ul>
 *   <li>SYNC is {@code RequestResponse} with {@code LogType=Tail}: the {@code REPORT} line of the
 *       log tail gives the exact billed duration, memory and (on a cold start) the init duration.
 *   <li>ASYNC is {@code Event}: Lambda queues the event and answers 202.
 *   <li>The invocation id and traceparent travel in the client context's {@code custom} map ({@code
 *       X-Fiso-Invocation-Id}, {@code traceparent}). Lambda passes the client context to the
 *       function on synchronous invocations only.
 *   <li>Payloads over Lambda's limits are refused before the call: 6 MB for synchronous and 1 MB
 *       for asynchronous invocations (API reference, Invoke:
 *       https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html; the asynchronous limit was
 *       256 KB until 2025).
 *   <li>The SDK's own retries are off: the worker retries throttling and transient failures itself,
 *       with backoff bounded by the request's deadline, and counts every call.
 * </ul>
 */
public final class AwsLambdaInvoker implements Invoker {

  private static final Logger log = LoggerFactory.getLogger(AwsLambdaInvoker.class);

  /** Lambda's synchronous (RequestResponse) payload limit: 6 MB. */
  public static final int MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

  /** Lambda's asynchronous (Event) payload limit: 1 MB. */
  public static final int MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;

  /** Largest base64 client context Lambda accepts. */
  static final int MAX_CLIENT_CONTEXT_BYTES = 3583;

  /** The client-context key (and HTTP header) that carries the invocation id. */
  public static final String INVOCATION_ID_KEY = "X-Fiso-Invocation-Id";

  /**
   * Lambda's FunctionName pattern (API reference, Invoke): a name, a partial ARN or a full ARN,
   * optionally with a version or alias.
   */
  private static final Pattern FUNCTION_NAME =
      Pattern.compile(
          "^(arn:(aws[a-zA-Z-]*)?:lambda:)?(([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}):)?"
              + "(\\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?$");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final SdkAsyncHttpClient httpClient;
  private final Map<String, LambdaAsyncClient> clients = new ConcurrentHashMap<>();

  private AwsLambdaInvoker(Builder b) {
    this.endpoint = b.endpoint;
    this.credentials = b.credentials;
    this.httpClient =
        NettyNioAsyncHttpClient.builder()
            .maxConcurrency(b.maxConcurrency)
            .maxPendingConnectionAcquires(Math.max(10_000, b.maxConcurrency * 2))
            .connectionTimeout(b.connectTimeout)
            .connectionAcquisitionTimeout(b.maxCallTimeout)
            // A synchronous Lambda call can run up to 15 minutes without sending a byte; the
            // per-call apiCallTimeout is what bounds it.
            .readTimeout(b.maxCallTimeout.plusSeconds(30))
            .writeTimeout(Duration.ofSeconds(60))
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Provider provider() {
    return Provider.AWS;
  }

  @Override
  public CallOutcome validate(Call call) {
    int limit = call.sync() ? MAX_SYNC_PAYLOAD_BYTES : MAX_ASYNC_PAYLOAD_BYTES;
    if (call.payload().length > limit) {
      return CallOutcome.rejected(
          413,
          "PayloadTooLarge",
          "payload of "
              + call.payload().length
              + " bytes exceeds AWS Lambda's "
              + (call.sync() ? "synchronous" : "asynchronous")
              + " invocation limit of "
              + limit
              + " bytes");
    }
    if (!FUNCTION_NAME.matcher(call.target().getTarget()).matches()) {
      return CallOutcome.rejected(
          400,
          "InvalidTarget",
          "target '"
              + call.target().getTarget()
              + "' is not a Lambda function name, partial ARN or ARN"
              + " (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])");
    }
    return null;
  }

  @Override
  public CompletableFuture<CallOutcome> invoke(Call call) {
    CallOutcome rejected = validate(call);
    if (rejected != null) {
      return CompletableFuture.completedFuture(rejected);
    }
    InvokeRequest request =
        InvokeRequest.builder()
            .functionName(call.target().getTarget())
            .invocationType(call.sync() ? InvocationType.REQUEST_RESPONSE : InvocationType.EVENT)
            .logType(call.sync() ? LogType.TAIL : LogType.NONE)
            .clientContext(clientContext(call))
            .payload(SdkBytes.fromByteArrayUnsafe(call.payload()))
            .overrideConfiguration(o -> o.apiCallTimeout(call.timeout()))
            .build();
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    CompletableFuture<InvokeResponse> response;
    try {
      response = client(regionOf(call)).invoke(request);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          failure(call, e, started, Duration.ofNanos(System.nanoTime() - startNanos)));
    }
    return response.handle(
        (r, error) -> {
          Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
          return error != null
              ? failure(call, Failures.unwrap(error), started, latency)
              : success(call, r, started, latency);
        });
  }

  private CallOutcome success(Call call, InvokeResponse r, Instant started, Duration latency) {
    Metering metering = LambdaReport.fromLogResult(r.logResult()).orElse(Metering.NONE);
    byte[] payload = r.payload() == null ? new byte[0] : r.payload().asByteArray();
    if (r.functionError() != null) {
      return new CallOutcome(
          CallOutcome.Kind.FUNCTION_ERROR,
          500,
          payload,
          "application/json",
          r.functionError(),
          "function " + call.target().getTarget() + " failed: " + functionErrorMessage(payload),
          true,
          started,
          latency,
          metering,
          null);
    }
    int status = r.statusCode() == null ? 200 : r.statusCode();
    if (!call.sync()) {
      return new CallOutcome(
          CallOutcome.Kind.ACCEPTED,
          status,
          null,
          null,
          null,
          null,
          true,
          started,
          latency,
          metering,
          null);
    }
    return new CallOutcome(
        CallOutcome.Kind.SUCCEEDED,
        status,
        payload,
        "application/json",
        null,
        null,
        true,
        started,
        latency,
        metering,
        null);
  }

  private static String functionErrorMessage(byte[] payload) {
    try {
      JsonNode error = JSON.readTree(payload);
      String type = error.path("errorType").asText("");
      String message = error.path("errorMessage").asText("");
      if (!type.isEmpty() || !message.isEmpty()) {
        return (type.isEmpty() ? "" : type + ": ") + message;
      }
    } catch (java.io.IOException | RuntimeException notJson) {
      // fall through to the raw text
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  private CallOutcome failure(Call call, Throwable e, Instant started, Duration latency) {
    String target = call.target().getTarget();
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return outcome(
          CallOutcome.Kind.TIMED_OUT,
          504,
          "Timeout",
          "no answer from " + target + " within " + call.timeout().toMillis() + " ms",
          true,
          started,
          latency,
          null);
    }
    if (e instanceof TooManyRequestsException t) {
      Duration retryAfter = null;
      try {
        if (t.retryAfterSeconds() != null) {
          retryAfter = Duration.ofSeconds(Long.parseLong(t.retryAfterSeconds().strip()));
        }
      } catch (NumberFormatException ignored) {
        // no usable hint
      }
      return outcome(
          CallOutcome.Kind.THROTTLED,
          429,
          "TooManyRequestsException",
          "Lambda throttled " + target + reason(t) + ": " + t.awsErrorDetails().errorMessage(),
          true,
          started,
          latency,
          retryAfter);
    }
    if (e instanceof RequestTooLargeException) {
      return outcome(
          CallOutcome.Kind.CLIENT_ERROR,
          413,
          "PayloadTooLarge",
          "Lambda refused the payload for " + target + " as too large",
          true,
          started,
          latency,
          null);
    }
    if (e instanceof ResourceNotFoundException) {
      return outcome(
          CallOutcome.Kind.CLIENT_ERROR,
          404,
          "ResourceNotFoundException",
          "no Lambda function "
              + target
              + ": "
              + ((AwsServiceException) e).awsErrorDetails().errorMessage(),
          true,
          started,
          latency,
          null);
    }
    if (e instanceof AwsServiceException s) {
      int status = s.statusCode();
      String code =
          s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null
              ? s.awsErrorDetails().errorCode()
              : "LambdaException";
      String message =
          "Lambda answered "
              + status
              + " "
              + code
              + " for "
              + target
              + (s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
                  ? ": " + s.awsErrorDetails().errorMessage()
                  : "");
      if (status == 429 || s.isThrottlingException()) {
        return outcome(
            CallOutcome.Kind.THROTTLED, 429, code, message, true, started, latency, null);
      }
      // 409 ResourceConflictException (function being updated) and every 5xx pass with time.
      if (status >= 500 || status == 409 || "ResourceNotReadyException".equals(code)) {
        return outcome(
            CallOutcome.Kind.TRANSIENT, status, code, message, true, started, latency, null);
      }
      return outcome(
          CallOutcome.Kind.CLIENT_ERROR, status, code, message, true, started, latency, null);
    }
    if (e instanceof SdkClientException
        && Failures.causedBy(e, java.util.concurrent.TimeoutException.class)) {
      return outcome(
          CallOutcome.Kind.TIMED_OUT,
          504,
          "Timeout",
          "no answer from " + target + " within " + call.timeout().toMillis() + " ms",
          true,
          started,
          latency,
          null);
    }
    return outcome(
        CallOutcome.Kind.TRANSIENT,
        503,
        e.getClass().getSimpleName(),
        "could not reach Lambda for "
            + target
            + " at "
            + describeEndpoint()
            + ": "
            + Failures.describe(e),
        false,
        started,
        latency,
        null);
  }

  private static String reason(TooManyRequestsException t) {
    String reason = t.reasonAsString();
    return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
  }

  private static CallOutcome outcome(
      CallOutcome.Kind kind,
      int status,
      String type,
      String message,
      boolean reached,
      Instant started,
      Duration latency,
      Duration retryAfter) {
    return new CallOutcome(
        kind,
        status,
        null,
        null,
        type,
        message,
        reached,
        started,
        latency,
        Metering.NONE,
        retryAfter);
  }

  private String describeEndpoint() {
    return endpoint == null ? "the regional endpoint" : endpoint.toString();
  }

  /** The region of a full ARN target, else the target's region. */
  static String regionOf(Call call) {
    Matcher m = FUNCTION_NAME.matcher(call.target().getTarget());
    if (m.matches() && m.group(4) != null) {
      return m.group(4);
    }
    return call.target().getRegion();
  }

  /** The base64 JSON client context: {"custom":{"X-Fiso-Invocation-Id":..,"traceparent":..}}. */
  static String clientContext(Call call) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode custom = root.putObject("custom");
    custom.put(INVOCATION_ID_KEY, call.invocationId());
    custom.put(TraceContext.TRACEPARENT, call.traceparent());
    String encoded =
        Base64.getEncoder().encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
    if (encoded.length() > MAX_CLIENT_CONTEXT_BYTES) {
      // Only an absurdly long invocation id gets here: keep the id, drop the trace.
      custom.remove(TraceContext.TRACEPARENT);
      encoded =
          Base64.getEncoder().encodeToString(root.toString().getBytes(StandardCharsets.UTF_8));
    }
    return encoded;
  }

  private LambdaAsyncClient client(String region) {
    return clients.computeIfAbsent(
        region,
        r -> {
          LambdaAsyncClientBuilder builder =
              LambdaAsyncClient.builder()
                  .region(Region.of(r))
                  .credentialsProvider(credentials)
                  .httpClient(httpClient)
                  .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
          if (endpoint != null) {
            builder.endpointOverride(endpoint);
          }
          log.info(
              "AWS Lambda client for region {} ({})",
              r,
              endpoint == null ? "regional endpoint" : "endpoint " + endpoint);
          return builder.build();
        });
  }

  @Override
  public void close() {
    clients.values().forEach(LambdaAsyncClient::close);
    clients.clear();
    httpClient.close();
  }

  /** Settings of an {@link AwsLambdaInvoker}, validated by {@link #build()}. */
  public static final class Builder {
    private URI endpoint;
    private AwsCredentialsProvider credentials;
    private int maxConcurrency = 1000;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration maxCallTimeout = Duration.ofMinutes(15);

    private Builder() {}

    /**
     * Sends every call to this endpoint instead of Lambda's regional one (a local emulator, a VPC
     * endpoint). Setting: {@code FISO_AWS_ENDPOINT}.
     */
    public Builder endpointOverride(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Credentials; default: the SDK's default chain (environment, profile, container, IMDS). */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /** Fixed dummy credentials for a local emulator, which does not check signatures. */
    public Builder devCredentials() {
      this.credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("fiso-dev", "fiso-dev"));
      return this;
    }

    /** Concurrent HTTP connections to Lambda (the worker's concurrency limit). */
    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The longest call the worker will ever make (Lambda's maximum timeout is 15 minutes). */
    public Builder maxCallTimeout(Duration maxCallTimeout) {
      this.maxCallTimeout = maxCallTimeout;
      return this;
    }

    public AwsLambdaInvoker build() {
      if (endpoint != null) {
        if (!endpoint.isAbsolute()
            || endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
          throw new IllegalArgumentException(
              "FISO_AWS_ENDPOINT must be an absolute http(s) URL such as http://127.0.0.1:9001,"
                  + " was "
                  + endpoint);
        }
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException(
            "AWS invoker maxConcurrency must be >= 1, was " + maxConcurrency);
      }
      requirePositive(connectTimeout, "connectTimeout");
      requirePositive(maxCallTimeout, "maxCallTimeout");
      if (credentials == null) {
        credentials = DefaultCredentialsProvider.builder().build();
      }
      return new AwsLambdaInvoker(this);
    }

    private static void requirePositive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("AWS invoker " + name + " must be positive, was " + d);
      }
    }
  }
}
