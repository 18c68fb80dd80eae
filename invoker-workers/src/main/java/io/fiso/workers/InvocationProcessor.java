package io.fiso.workers;

import io.fiso.avro.Alternative;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.ErrorInfo;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.pricing.billing.Decimals;
import io.fiso.pricing.billing.PricingException;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.workers.cost.AttemptCost;
import io.fiso.workers.cost.CostEvents;
import io.fiso.workers.invoke.Call;
import io.fiso.workers.invoke.CallOutcome;
import io.fiso.workers.invoke.Invoker;
import io.fiso.workers.invoke.Metering;
import io.fiso.workers.invoke.TraceContext;
import io.fiso.workers.resilience.CircuitBreaker;
import io.fiso.workers.resilience.ConcurrencyLimiter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one delivered record from start to finish, asynchronously: decode, check the deadline and
 * the provider's limits, call the function (with backoff retries of throttling and transient
 * errors, under the circuit breaker and the concurrency limits), price every call that reached the
 * provider, and write the outcome. The returned disposition is ACCEPT only once everything the
 * record produced (result, cost events, failover request, dead letter) is acknowledged by the
 * broker.
 *
 * <p>When the provider is unavailable (breaker open, or retries exhausted): fail over through
 * fiso.invocations if the router has an eligible target on another provider and hops remain; else
 * release the record for a later delivery; on the last delivery, a FAILED result and a dead letter.
 */
final class InvocationProcessor {

  private static final Logger log = LoggerFactory.getLogger(InvocationProcessor.class);

  /** Header on a failover request: provider calls made by earlier hops. */
  static final String CALLS_HEADER = "fiso-provider-calls";

  /** Header on a failover request: USD billed by earlier hops. */
  static final String COST_HEADER = "fiso-cost";

  private final WorkerSettings settings;
  private final Provider provider;
  private final Invoker invoker;
  private final CircuitBreaker breaker;
  private final ConcurrencyLimiter limiter;
  private final CostEvents costs;
  private final Outputs out;
  private final AvroDeserializer<RoutedInvocation> reader;
  private final ScheduledExecutorService scheduler;
  private final WorkerMetrics metrics;
  private final Clock clock;

  InvocationProcessor(
      WorkerSettings settings,
      Invoker invoker,
      CircuitBreaker breaker,
      ConcurrencyLimiter limiter,
      CostEvents costs,
      Outputs out,
      AvroDeserializer<RoutedInvocation> reader,
      ScheduledExecutorService scheduler,
      WorkerMetrics metrics,
      Clock clock) {
    this.settings = settings;
    this.provider = settings.provider();
    this.invoker = invoker;
    this.breaker = breaker;
    this.limiter = limiter;
    this.costs = costs;
    this.out = out;
    this.reader = reader;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A record being processed. */
  static final class Task {
    final Delivery delivery;
    final CompletableFuture<Disposition> done;
    final AtomicBoolean abandoned;

    Task(Delivery delivery, CompletableFuture<Disposition> done, AtomicBoolean abandoned) {
      this.delivery = delivery;
      this.done = done;
      this.abandoned = abandoned;
    }

    /** Stops it from writing anything more (its record is being released). */
    void abandon() {
      abandoned.set(true);
    }

    boolean isDone() {
      return done.isDone();
    }

    /** The disposition; RELEASE if processing failed unexpectedly. */
    Disposition disposition() {
      return done.getNow(Disposition.RELEASE);
    }
  }

  Task start(Delivery delivery) {
    metrics.records.increment();
    AtomicBoolean abandoned = new AtomicBoolean();
    CompletableFuture<Disposition> done;
    try {
      done = process(delivery, abandoned);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Disposition> safe =
        done.handle(
                (d, error) -> {
                  if (error == null) {
                    return CompletableFuture.completedFuture(d);
                  }
                  return unexpected(delivery, abandoned, unwrap(error));
                })
            .thenCompose(f -> f);
    return new Task(delivery, safe, abandoned);
  }

  private CompletableFuture<Disposition> process(Delivery d, AtomicBoolean abandoned) {
    RoutedInvocation routed;
    try {
      routed = reader.decode(d.topic(), d.partition(), d.offset(), d.value());
      if (routed == null) {
        throw new SerializationException(
            "Record at " + d.coordinates() + " has no value: expected a RoutedInvocation");
      }
    } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
      return poison(d, e);
    }
    Run run = new Run(routed, d, abandoned);
    FunctionTarget target = run.target;
    if (target.getProvider() != provider) {
      return finish(
          run,
          InvocationStatus.FAILED,
          400,
          null,
          null,
          "WrongProvider",
          "the router sent a "
              + target.getProvider()
              + " target to "
              + d.topic()
              + ", which the "
              + provider
              + " workers consume");
    }
    if (run.deadlinePassed()) {
      return timedOut(run, "the deadline passed before the call");
    }
    CallOutcome rejected = invoker.validate(run.call(clock));
    if (rejected != null) {
      metrics.rejected.increment();
      return finish(
          run,
          InvocationStatus.REJECTED,
          rejected.statusCode(),
          null,
          null,
          rejected.errorType(),
          rejected.errorMessage());
    }
    return attempt(run, 0);
  }

  // ---------------------------------------------------------------- calls

  private CompletableFuture<Disposition> attempt(Run run, int retry) {
    if (run.abandoned.get()) {
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    if (run.deadlinePassed()) {
      return timedOut(run, "the deadline passed after " + run.callsHere + " calls");
    }
    if (!breaker.tryAcquire()) {
      run.triedHere = true;
      return providerUnavailable(
          run,
          "the "
              + provider
              + " circuit breaker is open (reopens for trial calls in "
              + breaker.remainingOpen().toSeconds()
              + " s)");
    }
    return limiter
        .acquire(run.request.getFunction())
        .thenCompose(
            permit -> {
              if (run.abandoned.get() || run.deadlinePassed()) {
                permit.close();
                breaker.release();
                return run.abandoned.get()
                    ? CompletableFuture.completedFuture(Disposition.RELEASE)
                    : timedOut(run, "the deadline passed while waiting for a concurrency permit");
              }
              metrics.maxInFlight.accumulateAndGet(limiter.inFlight(), Math::max);
              Call call = run.call(clock);
              metrics.calls.increment();
              if (retry > 0) {
                metrics.retries.increment();
              }
              CompletableFuture<CallOutcome> outcome;
              try {
                outcome = invoker.invoke(call);
              } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
              }
              return outcome
                  .handle((o, error) -> o != null ? o : invokerFailure(call, error))
                  .whenComplete((o, error) -> permit.close())
                  .thenCompose(o -> afterCall(run, retry, o));
            });
  }

  private static CallOutcome invokerFailure(Call call, Throwable error) {
    Throwable cause = unwrap(error);
    return CallOutcome.error(
        CallOutcome.Kind.TRANSIENT,
        503,
        cause.getClass().getSimpleName(),
        "the invoker failed for " + call.target().getTarget() + ": " + cause.getMessage(),
        false,
        Instant.now(),
        Duration.ZERO,
        Metering.NONE,
        null);
  }

  private CompletableFuture<Disposition> afterCall(Run run, int retry, CallOutcome o) {
    if (run.abandoned.get()) {
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    switch (o.kind()) {
      case THROTTLED, TRANSIENT, TIMED_OUT -> breaker.onFailure();
      case REJECTED -> breaker.release();
      default -> breaker.onSuccess();
    }
    run.triedHere = true;
    run.last = o;
    if (o.kind() != CallOutcome.Kind.REJECTED) {
      run.callsHere++;
    }
    if (o.reachedProvider()) {
      recordCost(run, o);
    }
    if (o.kind() == CallOutcome.Kind.THROTTLED) {
      metrics.throttled.increment();
    }
    log.debug(
        "Invocation {} call {} on {} {}: {}",
        run.id(),
        run.priorCalls + run.callsHere,
        provider,
        run.target.getTarget(),
        o);
    return switch (o.kind()) {
      case SUCCEEDED, ACCEPTED -> {
        metrics.succeeded.increment();
        yield finish(
            run,
            InvocationStatus.SUCCEEDED,
            o.statusCode(),
            o.response(),
            o.responseContentType(),
            null,
            null);
      }
      case FUNCTION_ERROR -> {
        metrics.functionErrors.increment();
        yield finish(
            run,
            InvocationStatus.FUNCTION_ERROR,
            o.statusCode(),
            o.response(),
            o.responseContentType(),
            o.errorType(),
            o.errorMessage());
      }
      case TIMED_OUT -> {
        metrics.timedOut.increment();
        yield finish(
            run,
            InvocationStatus.TIMED_OUT,
            o.statusCode(),
            null,
            null,
            o.errorType(),
            o.errorMessage());
      }
      case CLIENT_ERROR -> {
        metrics.failed.increment();
        yield finish(
            run,
            InvocationStatus.FAILED,
            o.statusCode(),
            null,
            null,
            o.errorType(),
            o.errorMessage());
      }
      case REJECTED -> {
        metrics.rejected.increment();
        yield finish(
            run,
            InvocationStatus.REJECTED,
            o.statusCode(),
            null,
            null,
            o.errorType(),
            o.errorMessage());
      }
      case THROTTLED, TRANSIENT -> retryOrGiveUp(run, retry, o);
    };
  }

  private CompletableFuture<Disposition> retryOrGiveUp(Run run, int retry, CallOutcome o) {
    if (retry + 1 >= settings.callsPerProvider()) {
      return providerUnavailable(
          run, run.callsHere + " calls failed, the last " + o.kind() + ": " + o.errorMessage());
    }
    Duration delay = settings.backoff().delay(retry);
    if (o.retryAfter() != null && o.retryAfter().compareTo(delay) > 0) {
      delay =
          o.retryAfter().compareTo(settings.backoff().max()) > 0
              ? settings.backoff().max()
              : o.retryAfter();
    }
    if (run.deadline != null && clock.instant().plus(delay).isAfter(run.deadline)) {
      return timedOut(
          run, "the deadline leaves no time to retry after " + o.kind() + ": " + o.errorMessage());
    }
    return after(delay).thenCompose(x -> attempt(run, retry + 1));
  }

  private CompletableFuture<Void> after(Duration delay) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> f.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      f.completeExceptionally(stopping);
    }
    return f;
  }

  private void recordCost(Run run, CallOutcome o) {
    int attemptNo = run.priorCalls + run.callsHere;
    String eventId =
        run.id()
            + "/"
            + attemptNo
            + (run.delivery.deliveryCount() > 1 ? "-d" + run.delivery.deliveryCount() : "");
    try {
      AttemptCost cost = costs.build(run.routed, attemptNo, eventId, o);
      run.costHere = run.costHere == null ? cost.cost() : run.costHere.add(cost.cost());
      run.estimated |= cost.estimated();
      run.lastBilledMs = cost.billedDurationMs();
      run.sends.add(out.cost(cost.event()));
    } catch (PricingException | ArithmeticException e) {
      metrics.unpriced.increment();
      log.warn(
          "Invocation {} call {} on {} could not be priced ({}); dead-lettering it: {}",
          run.id(),
          attemptNo,
          provider,
          run.delivery.coordinates(),
          e.getMessage());
      run.sends.add(
          out.deadLetter(
              run.delivery.key(),
              deadLetter(
                  run.delivery,
                  e.getClass().getSimpleName(),
                  "call "
                      + attemptNo
                      + " of invocation "
                      + run.id()
                      + " on "
                      + run.target.getTarget()
                      + " ("
                      + o.kind()
                      + ", "
                      + Math.round(o.durationMs())
                      + " ms) could not be priced: "
                      + e.getMessage(),
                  run.id())));
    }
  }

  // ---------------------------------------------------------------- endings

  private CompletableFuture<Disposition> providerUnavailable(Run run, String why) {
    List<Provider> excluded = run.excludedWithThis();
    boolean alternative = hasAlternative(run.routed, excluded);
    if (alternative && run.request.getAttempt() < settings.maxHops() && !run.deadlinePassed()) {
      return failover(run, excluded, why);
    }
    if (run.deadlinePassed()) {
      return timedOut(run, why);
    }
    if (!run.delivery.lastAttempt()) {
      metrics.released.increment();
      log.info(
          "Invocation {} ({}): {} unavailable ({}); no other provider to fail over to{}; releasing"
              + " it for delivery {} of {}",
          run.id(),
          run.delivery.coordinates(),
          provider,
          why,
          alternative ? " within " + settings.maxHops() + " hops" : "",
          run.delivery.deliveryCount() + 1,
          settings.maxDeliveries());
      Duration pause = breaker.remainingOpen();
      if (pause.isZero() || pause.compareTo(settings.backoff().max()) > 0) {
        pause = settings.backoff().max();
      }
      Duration wait = pause;
      return allOf(run.sends).thenCompose(x -> after(wait)).handle((x, e) -> Disposition.RELEASE);
    }
    metrics.failed.increment();
    String tried = String.join(", ", excluded.stream().map(Enum::name).toList());
    String message =
        "no provider could run the invocation (tried "
            + tried
            + "; hops "
            + run.request.getAttempt()
            + " of "
            + settings.maxHops()
            + ", delivery "
            + run.delivery.deliveryCount()
            + " of "
            + settings.maxDeliveries()
            + "): "
            + why;
    return finalFailure(run, "ProviderUnavailable", message);
  }

  private static boolean hasAlternative(RoutedInvocation routed, List<Provider> excluded) {
    for (Alternative a : routed.getDecision().getAlternatives()) {
      if (a.getEligible() && !excluded.contains(a.getTarget().getProvider())) {
        return true;
      }
    }
    return false;
  }

  private CompletableFuture<Disposition> failover(Run run, List<Provider> excluded, String why) {
    if (run.abandoned.get()) {
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    InvocationRequest next =
        InvocationRequest.newBuilder(run.request)
            .setAttempt(run.request.getAttempt() + 1)
            .setExcludedProviders(new ArrayList<>(excluded))
            .build();
    Map<String, byte[]> headers = new LinkedHashMap<>();
    headers.put(
        CALLS_HEADER,
        Integer.toString(run.priorCalls + run.callsHere).getBytes(StandardCharsets.UTF_8));
    BigDecimal cost = run.totalCost();
    if (cost != null) {
      headers.put(COST_HEADER, cost.toPlainString().getBytes(StandardCharsets.UTF_8));
    }
    log.info(
        "Invocation {} fails over from {} (hop {} of {}, excluding {}): {}",
        run.id(),
        provider,
        run.request.getAttempt(),
        settings.maxHops(),
        excluded,
        why);
    metrics.failovers.increment();
    run.sends.add(out.failover(next, headers));
    return acceptWhenWritten(run);
  }

  private CompletableFuture<Disposition> timedOut(Run run, String why) {
    metrics.timedOut.increment();
    return finish(
        run,
        InvocationStatus.TIMED_OUT,
        504,
        null,
        null,
        "DeadlineExceeded",
        why + " (deadline " + run.deadline + ")");
  }

  /** A FAILED result naming every provider tried, and a dead letter of the record. */
  private CompletableFuture<Disposition> finalFailure(Run run, String type, String message) {
    if (run.abandoned.get()) {
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    metrics.deadLettered.increment();
    run.sends.add(
        out.deadLetter(run.delivery.key(), deadLetter(run.delivery, type, message, run.id())));
    return finish(run, InvocationStatus.FAILED, 503, null, null, type, message);
  }

  private CompletableFuture<Disposition> finish(
      Run run,
      InvocationStatus status,
      int statusCode,
      byte[] response,
      String responseContentType,
      String errorType,
      String errorMessage) {
    if (run.abandoned.get()) {
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    CallOutcome last = run.last;
    BigDecimal cost = run.totalCost();
    InvocationResult.Builder result =
        InvocationResult.newBuilder()
            .setInvocationId(run.id())
            .setFunction(run.request.getFunction())
            .setProvider(provider)
            .setRegion(run.target.getRegion())
            .setTarget(run.target.getTarget())
            .setStatus(status)
            .setStatusCode(statusCode)
            .setResponse(response == null ? null : ByteBuffer.wrap(response))
            .setResponseContentType(response == null ? null : responseContentType)
            .setError(
                errorType == null
                    ? null
                    : new ErrorInfo(errorType, errorMessage == null ? "" : errorMessage))
            .setAttempts(run.priorCalls + run.callsHere)
            .setProvidersTried(run.providersTried())
            .setColdStart(last != null && last.coldStart())
            .setRequestedAt(run.request.getRequestedAt())
            .setRoutedAt(run.routed.getDecision().getRoutedAt())
            .setStartedAt(last == null ? null : last.startedAt())
            .setCompletedAt(clock.instant())
            .setDurationMs(last == null || !last.reachedProvider() ? null : last.durationMs())
            .setBilledDurationMs(run.lastBilledMs)
            .setCost(cost == null ? null : Decimals.money(cost))
            .setCostEstimated(run.estimated)
            .setLabels(new HashMap<>(run.request.getLabels()));
    run.sends.add(out.result(result.build()));
    return acceptWhenWritten(run);
  }

  private CompletableFuture<Disposition> acceptWhenWritten(Run run) {
    return allOf(run.sends)
        .handle(
            (x, error) -> {
              if (error == null) {
                return Disposition.ACCEPT;
              }
              log.warn(
                  "Invocation {} ({}): could not write its outcome, releasing it for another"
                      + " delivery: {}",
                  run.id(),
                  run.delivery.coordinates(),
                  unwrap(error).toString());
              metrics.released.increment();
              return Disposition.RELEASE;
            });
  }

  private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> sends) {
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
  }

  // ---------------------------------------------------------------- bad records

  /** An undecodable record: dead letter (and a FAILED result for its key), then ACCEPT. */
  private CompletableFuture<Disposition> poison(Delivery d, RuntimeException e) {
    metrics.poison.increment();
    metrics.deadLettered.increment();
    log.warn("Undecodable record at {}, dead-lettering it: {}", d.coordinates(), e.getMessage());
    String invocationId = d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    sends.add(
        out.deadLetter(
            d.key(),
            deadLetter(
                d, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), invocationId)));
    if (invocationId != null && !invocationId.isBlank()) {
      Instant now = clock.instant();
      sends.add(
          out.result(
              InvocationResult.newBuilder()
                  .setInvocationId(invocationId)
                  .setFunction("")
                  .setStatus(InvocationStatus.FAILED)
                  .setStatusCode(400)
                  .setError(
                      new ErrorInfo(
                          "UndecodableRecord",
                          "the "
                              + provider
                              + " workers could not read the routed record at "
                              + d.coordinates()
                              + "; it is in the dead-letter topic: "
                              + e.getMessage()))
                  .setAttempts(0)
                  .setRequestedAt(d.timestamp() == null ? now : d.timestamp())
                  .setCompletedAt(now)
                  .build()));
    }
    return allOf(sends)
        .handle((x, error) -> error == null ? Disposition.ACCEPT : Disposition.RELEASE);
  }

  /** A bug or an unforeseen failure: release, or on the last delivery, fail and dead-letter. */
  private CompletableFuture<Disposition> unexpected(
      Delivery d, AtomicBoolean abandoned, Throwable e) {
    if (abandoned.get()) {
      log.debug("Processing of {} abandoned: {}", d.coordinates(), e.toString());
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    log.error(
        "Unexpected failure processing {} (delivery {})", d.coordinates(), d.deliveryCount(), e);
    if (!d.lastAttempt()) {
      metrics.released.increment();
      return CompletableFuture.completedFuture(Disposition.RELEASE);
    }
    metrics.deadLettered.increment();
    String id = d.key() == null ? null : new String(d.key(), StandardCharsets.UTF_8);
    return out.deadLetter(
            d.key(),
            deadLetter(d, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), id))
        .handle((x, error) -> error == null ? Disposition.ACCEPT : Disposition.RELEASE);
  }

  private DeadLetter deadLetter(Delivery d, String type, String message, String invocationId) {
    Map<String, ByteBuffer> headers = new HashMap<>();
    d.headers().forEach((k, v) -> headers.put(k, ByteBuffer.wrap(v == null ? new byte[0] : v)));
    return DeadLetter.newBuilder()
        .setTopic(d.topic())
        .setPartition(d.partition())
        .setOffset(d.offset())
        .setTimestamp(d.timestamp())
        .setKey(d.key() == null ? null : ByteBuffer.wrap(d.key()))
        .setValue(d.value() == null ? null : ByteBuffer.wrap(d.value()))
        .setHeaders(headers)
        .setStage(settings.stage())
        .setErrorType(type)
        .setErrorMessage(message)
        .setFailedAt(clock.instant())
        .setAttempts(d.deliveryCount())
        .setInvocationId(invocationId)
        .build();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  // ---------------------------------------------------------------- per-delivery state

  /** The state of one delivery's processing; touched by one stage of the chain at a time. */
  private final class Run {
    final RoutedInvocation routed;
    final InvocationRequest request;
    final FunctionTarget target;
    final Delivery delivery;
    final AtomicBoolean abandoned;
    final Instant deadline;
    final String traceparent;
    final int priorCalls;
    final BigDecimal priorCost;
    final List<CompletableFuture<Void>> sends = new ArrayList<>();
    int callsHere;
    BigDecimal costHere;
    boolean estimated;
    Long lastBilledMs;
    CallOutcome last;
    boolean triedHere;

    Run(RoutedInvocation routed, Delivery delivery, AtomicBoolean abandoned) {
      this.routed = routed;
      this.request = routed.getRequest();
      this.target = routed.getDecision().getTarget();
      this.delivery = delivery;
      this.abandoned = abandoned;
      this.deadline = request.getDeadline();
      this.traceparent = TraceContext.childOf(request.getTraceparent());
      this.priorCalls = headerInt(delivery.headers().get(CALLS_HEADER));
      this.priorCost = headerDecimal(delivery.headers().get(COST_HEADER));
    }

    String id() {
      return request.getInvocationId();
    }

    boolean deadlinePassed() {
      return deadline != null && !clock.instant().isBefore(deadline);
    }

    Call call(Clock clock) {
      Duration timeout = settings.callTimeout();
      if (deadline != null) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.compareTo(timeout) < 0) {
          timeout = left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
        }
      }
      byte[] payload = new byte[request.getPayload().remaining()];
      request.getPayload().duplicate().get(payload);
      return new Call(
          request.getInvocationId(),
          request.getFunction(),
          target,
          request.getMode(),
          payload,
          request.getContentType(),
          traceparent,
          timeout);
    }

    List<Provider> excludedWithThis() {
      List<Provider> excluded = new ArrayList<>(request.getExcludedProviders());
      if (!excluded.contains(provider)) {
        excluded.add(provider);
      }
      return excluded;
    }

    List<Provider> providersTried() {
      List<Provider> tried = new ArrayList<>(request.getExcludedProviders());
      if (triedHere && !tried.contains(provider)) {
        tried.add(provider);
      }
      return tried;
    }

    BigDecimal totalCost() {
      if (costHere == null) {
        return priorCost;
      }
      return priorCost == null ? costHere : costHere.add(priorCost);
    }
  }

  private static int headerInt(byte[] value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(new String(value, StandardCharsets.UTF_8).strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static BigDecimal headerDecimal(byte[] value) {
    if (value == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(new String(value, StandardCharsets.UTF_8).strip());
      return d.signum() < 0 || !Decimals.fits(d, Decimals.MONEY_SCALE) ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
