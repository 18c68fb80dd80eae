package io.fiso.controlplane.http;

import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.Provider;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.FunctionNames;
import io.fiso.controlplane.Settings;
import io.fiso.controlplane.invocation.InvocationGateway;
import io.fiso.controlplane.invocation.InvocationIds;
import io.fiso.controlplane.invocation.KafkaUnavailableException;
import io.fiso.controlplane.invocation.PayloadTooLargeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /api/v1/orchestrate}: turns the HTTP request into an {@link InvocationRequest} on
 * fiso.invocations and, in sync mode, answers with the function's response once its result arrives
 * on fiso.results.
 */
final class OrchestrateHandler implements Route.Handler {

  /** How long an async orchestrate waits for Kafka to acknowledge the request. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

  private static final int MAX_LABELS = 32;

  private final ControlPlaneConfig config;
  private final InvocationGateway gateway;
  private final Clock clock;
  private final Semaphore syncSlots;
  private final MeterRegistry meters;

  OrchestrateHandler(
      ControlPlaneConfig config, InvocationGateway gateway, Clock clock, MeterRegistry meters) {
    this.config = config;
    this.gateway = gateway;
    this.clock = clock;
    this.meters = meters;
    this.syncSlots = new Semaphore(config.maxConcurrentSync());
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    String function = req.query("function").map(String::trim).orElse(config.defaultFunction());
    String problem = FunctionNames.problem(function);
    if (problem != null) {
      throw Problem.badRequest("Parameter function: " + problem).toException();
    }
    InvocationMode mode = mode(req.query("mode").orElse("sync"));
    Duration timeout = timeout(req.query("timeout").orElse(null));
    Map<String, String> labels = labels(req.queryAll("label"));
    Provider preferred = req.query("provider").map(OrchestrateHandler::provider).orElse(null);
    byte[] payload = req.body();
    String contentType =
        req.header("Content-Type")
            .filter(t -> !t.isBlank() && payload.length > 0)
            .orElse(ApiResponse.JSON);

    // Avro timestamps are milliseconds: keep the request's times exactly as they travel.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String id = InvocationIds.next(now);
    InvocationRequest request =
        InvocationRequest.newBuilder()
            .setInvocationId(id)
            .setFunction(function)
            .setPayload(ByteBuffer.wrap(payload))
            .setContentType(contentType)
            .setMode(mode)
            .setDeadline(now.plus(timeout))
            .setPreferredProvider(preferred)
            .setPreferredRegion(req.query("region").map(String::trim).orElse(null))
            .setLabels(labels)
            .setRequestedAt(now)
            .setAttempt(1)
            .setExcludedProviders(List.of())
            .setTraceparent(req.header("traceparent").orElse(null))
            .build();
    return mode == InvocationMode.ASYNC ? async(request) : sync(request, timeout);
  }

  private ApiResponse async(InvocationRequest request) {
    String id = request.getInvocationId();
    await(gateway.submit(request), ACK_TIMEOUT, id, false);
    count("async", "accepted");
    String location = "/api/v1/invocations/" + id;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("invocationId", id);
    body.put("function", request.getFunction());
    body.put("status", "ACCEPTED");
    body.put("location", location);
    return ApiResponse.json(202, body)
        .header("Location", location)
        .header(ResultViews.HEADER_ID, id);
  }

  private ApiResponse sync(InvocationRequest request, Duration timeout) {
    String id = request.getInvocationId();
    if (!syncSlots.tryAcquire()) {
      count("sync", "overloaded");
      throw new Problem(
              503,
              "overloaded",
              "Too many waiting requests",
              config.maxConcurrentSync()
                  + " sync orchestrations are already waiting for results: retry shortly, use"
                  + " mode=async, or raise http.threads (FISO_HTTP_THREADS)")
          .header("Retry-After", "1")
          .toException();
    }
    try {
      InvocationResult result = await(gateway.invoke(request), timeout, id, true);
      count("sync", result.getStatus().name().toLowerCase(Locale.ROOT));
      return ResultViews.functionResponse(result);
    } finally {
      syncSlots.release();
    }
  }

  private <T> T await(
      CompletableFuture<T> future, Duration timeout, String id, boolean waitingForResult) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (!waitingForResult) {
        count("async", "kafka-unavailable");
        throw Problem.unavailable(
                "kafka-unavailable",
                "Kafka unavailable",
                "Kafka did not acknowledge invocation " + id + " within " + format(timeout))
            .with("invocationId", id)
            .header("Retry-After", "5")
            .toException();
      }
      count("sync", "timeout");
      String location = "/api/v1/invocations/" + id;
      throw new Problem(
              504,
              "timeout",
              "No result in time",
              "No result for invocation "
                  + id
                  + " within "
                  + format(timeout)
                  + ". It may still finish: fetch its result later at "
                  + location)
          .with("invocationId", id)
          .with("location", location)
          .header(ResultViews.HEADER_ID, id)
          .toException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.unavailable("shutting-down", "Shutting down", "The control plane is stopping")
          .toException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PayloadTooLargeException) {
        count("any", "too-large");
        throw new Problem(413, "payload-too-large", "Payload too large", cause.getMessage())
            .with("invocationId", id)
            .toException();
      }
      count("any", "kafka-unavailable");
      String detail =
          cause instanceof KafkaUnavailableException
              ? cause.getMessage()
              : "Could not submit invocation " + id + ": " + cause;
      throw Problem.unavailable("kafka-unavailable", "Kafka unavailable", detail)
          .with("invocationId", id)
          .header("Retry-After", "5")
          .toException();
    }
  }

  private void count(String mode, String outcome) {
    meters
        .counter("fiso.controlplane.orchestrations", "mode", mode, "outcome", outcome)
        .increment();
  }

  private static InvocationMode mode(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "sync" -> InvocationMode.SYNC;
      case "async" -> InvocationMode.ASYNC;
      default ->
          throw Problem.badRequest("Parameter mode is '" + text + "': use sync or async")
              .toException();
    };
  }

  private Duration timeout(String text) {
    if (text == null || text.isBlank()) {
      return config.defaultTimeout();
    }
    Duration timeout;
    try {
      timeout = Settings.duration(text, "Parameter timeout");
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(e.getMessage()).toException();
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw Problem.badRequest("Parameter timeout must be positive, e.g. 10s").toException();
    }
    if (timeout.compareTo(config.maxTimeout()) > 0) {
      throw Problem.badRequest(
              "Parameter timeout is "
                  + format(timeout)
                  + ", longer than this control plane allows ("
                  + format(config.maxTimeout())
                  + "): ask for less, or use mode=async and fetch the result later")
          .toException();
    }
    return timeout;
  }

  private static Map<String, String> labels(List<String> values) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String value : values) {
      int colon = value.indexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw Problem.badRequest(
                "Parameter label is '" + value + "': write KEY:VALUE, e.g. label=team:payments")
            .toException();
      }
      labels.put(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
    }
    if (labels.size() > MAX_LABELS) {
      throw Problem.badRequest("At most " + MAX_LABELS + " labels per invocation").toException();
    }
    return labels;
  }

  private static Provider provider(String text) {
    try {
      return Provider.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("Parameter provider is '" + text + "': use aws, azure or gcp")
          .toException();
    }
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
