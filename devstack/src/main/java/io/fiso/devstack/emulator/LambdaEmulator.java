package io.fiso.devstack.emulator;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.fiso.mcal.functions.aws.SampleLambdaHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS Lambda Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations}) served
 * locally, running real {@link RequestStreamHandler}s in-process, so that the AWS SDK's {@code
 * LambdaAsyncClient} (endpoint override, any credentials: signatures are not checked) is exercised
 * end to end. What it honours, as Lambda does:
 *
 * <ul>
 *   <li>{@code X-Amz-Invocation-Type}: RequestResponse (200 and the function's output), Event (202,
 *       the function runs afterwards), DryRun (204).
 *   <li>{@code X-Amz-Log-Type: Tail}: {@code X-Amz-Log-Result} holds the base64 tail (4 KB) of the
 *       call's log, ending with an honest REPORT line from the measured run: Duration, Billed
 *       Duration (rounded up to the ms; a cold start's Init Duration is billed too, as Lambda does
 *       for on-demand functions since 1 August 2025), Memory Size, Max Memory Used (the JVM's heap
 *       in use, capped at the memory size), and Init Duration on a cold start.
 *   <li>{@code X-Amz-Client-Context}: decoded and passed to the function as its {@link
 *       ClientContext}, on synchronous calls only.
 *   <li>Errors: {@code X-Amz-Function-Error: Unhandled} with {@code {errorMessage, errorType,
 *       stackTrace}} when the handler throws or times out (Sandbox.Timedout); 429
 *       TooManyRequestsException ({@code {"Type":"User","message":"Rate Exceeded."}}) when
 *       throttled; 404 ResourceNotFoundException for an unknown function; 413
 *       RequestTooLargeException over 6 MB (sync) / 1 MB (async); 500 ServiceException when down.
 *       The error type is in {@code x-amzn-ErrorType}, as the SDK reads it.
 *   <li>Execution environments: a call takes a warm instance of the handler or starts a new one (a
 *       cold start: the handler is constructed, and the injected cold-start delay passes).
 * </ul>
 */
public final class LambdaEmulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LambdaEmulator.class);

  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_ACCOUNT = "000000000000";
  public static final String SAMPLE_FUNCTION = "fiso-sample";

  static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
  static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
  private static final int LOG_TAIL_BYTES = 4096;
  private static final String PATH_PREFIX = "/2015-03-31/functions/";

  /** A deployed function. */
  private static final class Function {
    final String name;
    final Supplier<RequestStreamHandler> handlers;
    final int memoryMb;
    final Duration timeout;
    final FunctionFaults faults = new FunctionFaults();
    final FunctionStats stats = new FunctionStats();
    final ConcurrentLinkedDeque<Environment> warm = new ConcurrentLinkedDeque<>();

    Function(String name, Supplier<RequestStreamHandler> handlers, int memoryMb, Duration timeout) {
      this.name = name;
      this.handlers = handlers;
      this.memoryMb = memoryMb;
      this.timeout = timeout;
    }
  }

  /** One execution environment: a handler instance. */
  private record Environment(RequestStreamHandler handler, String logStream) {}

  private final String region;
  private final String account;
  private final Map<String, Function> functions;
  private final EmulatorHttp http;
  private final ExecutorService runner;

  private LambdaEmulator(Builder b) {
    this.region = b.region;
    this.account = b.account;
    this.functions = new ConcurrentHashMap<>(b.functions);
    AtomicInteger n = new AtomicInteger();
    this.runner =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lambda-emulator-fn-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.http = new EmulatorHttp("lambda-emulator", b.port, this::handle);
    log.info("AWS Lambda emulator on {} serving {}", http.baseUrl(), functions.keySet());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint to give the SDK ({@code endpointOverride}), e.g. http://127.0.0.1:40123. */
  public URI endpoint() {
    return URI.create(http.baseUrl());
  }

  public int port() {
    return http.port();
  }

  public String region() {
    return region;
  }

  /** The function's ARN, as a routing target. */
  public String arn(String function) {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
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
          "no Lambda function " + name + " in the emulator; it has " + functions.keySet());
    }
    return f;
  }

  // ------------------------------------------------------------------ HTTP

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
    String rawPath = exchange.getRequestURI().getRawPath();
    if (!"POST".equals(exchange.getRequestMethod())
        || !rawPath.startsWith(PATH_PREFIX)
        || !rawPath.endsWith("/invocations")) {
      error(
          exchange,
          404,
          "UnknownOperationException",
          "User",
          "Unknown operation " + exchange.getRequestMethod() + " " + rawPath);
      return;
    }
    String functionName =
        URLDecoder.decode(
            rawPath.substring(PATH_PREFIX.length(), rawPath.length() - "/invocations".length()),
            StandardCharsets.UTF_8);
    String qualifier = query(exchange.getRequestURI().getRawQuery()).get("Qualifier");
    String name = functionName;
    int fn = name.lastIndexOf("function:");
    if (fn >= 0) {
      name = name.substring(fn + "function:".length());
    }
    int colon = name.indexOf(':');
    if (colon >= 0) {
      qualifier = name.substring(colon + 1);
      name = name.substring(0, colon);
    }
    Function function = functions.get(name);
    String invocationType = header(exchange, "X-Amz-Invocation-Type", "RequestResponse");
    byte[] payload = exchange.getRequestBody().readAllBytes();
    if (function == null) {
      error(
          exchange,
          404,
          "ResourceNotFoundException",
          "User",
          "Function not found: " + arn(name) + (qualifier == null ? "" : ":" + qualifier));
      return;
    }
    function.stats.request();
    boolean async = "Event".equals(invocationType);
    int limit = async ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
    if (payload.length > limit) {
      error(
          exchange,
          413,
          "RequestTooLargeException",
          "User",
          "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
      return;
    }
    switch (function.faults.gate()) {
      case UNAVAILABLE -> {
        function.stats.countUnavailable();
        error(
            exchange,
            500,
            "ServiceException",
            "Service",
            "Lambda was unable to process the request (emulated outage).");
        return;
      }
      case THROTTLE -> {
        function.stats.countThrottle();
        throttle(exchange, "CallerRateLimitExceeded");
        return;
      }
      default -> {
        // pass
      }
    }
    if ("DryRun".equals(invocationType)) {
      EmulatorHttp.send(exchange, 204, Map.of("X-Amz-Executed-Version", version(qualifier)), null);
      return;
    }
    if (!async && !"RequestResponse".equals(invocationType)) {
      error(
          exchange,
          400,
          "InvalidParameterValueException",
          "User",
          "Invalid invocation type " + invocationType);
      return;
    }
    ClientContext clientContext =
        async ? null : clientContext(exchange.getRequestHeaders().getFirst("X-Amz-Client-Context"));
    String invocationId = invocationIdOf(clientContext);
    if (!function.stats.tryStart(invocationId, function.faults.concurrencyLimit())) {
      function.stats.countThrottle();
      throttle(exchange, "ReservedFunctionConcurrentInvocationLimitExceeded");
      return;
    }
    String requestId = UUID.randomUUID().toString();
    if (async) {
      EmulatorHttp.send(
          exchange,
          202,
          Map.of("x-amzn-RequestId", requestId, "X-Amz-Executed-Version", version(qualifier)),
          null);
      String version = qualifier;
      runner.submit(
          () -> {
            try {
              Result r = run(function, requestId, version, payload, null);
              if (r.error) {
                log.info(
                    "Async invocation {} of {} failed: {}",
                    requestId,
                    function.name,
                    new String(r.output, StandardCharsets.UTF_8));
              }
            } finally {
              function.stats.finished();
            }
          });
      return;
    }
    Result result;
    try {
      result = run(function, requestId, qualifier, payload, clientContext);
    } finally {
      function.stats.finished();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("x-amzn-RequestId", requestId);
    headers.put("X-Amz-Executed-Version", version(qualifier));
    if (result.error) {
      headers.put("X-Amz-Function-Error", "Unhandled");
    }
    if ("Tail".equalsIgnoreCase(header(exchange, "X-Amz-Log-Type", "None"))) {
      headers.put("X-Amz-Log-Result", Base64.getEncoder().encodeToString(tail(result.log)));
    }
    EmulatorHttp.send(exchange, 200, headers, result.output);
  }

  private record Result(byte[] output, boolean error, String log) {}

  /** Runs the function in an execution environment and writes its log with the REPORT line. */
  private Result run(
      Function f, String requestId, String qualifier, byte[] payload, ClientContext clientContext) {
    StringBuilder logText = new StringBuilder();
    Environment env = f.faults.forcedColdStart() ? null : f.warm.pollFirst();
    Double initMs = null;
    if (env == null) {
      long initStart = System.nanoTime();
      FunctionFaults.sleep(f.faults.coldStartDelay());
      RequestStreamHandler handler;
      try {
        handler = f.handlers.get();
      } catch (RuntimeException e) {
        f.stats.countFunctionError();
        logText.append("INIT_REPORT Init Duration: failed\n");
        return new Result(errorJson(e), true, logText.toString());
      }
      env = new Environment(handler, logStreamName());
      initMs = (System.nanoTime() - initStart) / 1_000_000.0;
      f.stats.countColdStart();
    }
    logText
        .append("START RequestId: ")
        .append(requestId)
        .append(" Version: ")
        .append(version(qualifier))
        .append('\n');
    LambdaLogger logger = new BufferLogger(logText, requestId);
    EmulatedContext context =
        new EmulatedContext(this, f, env, requestId, qualifier, clientContext, logger);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Environment environment = env;
    long start = System.nanoTime();
    boolean error = false;
    boolean keepEnvironment = true;
    byte[] output;
    Future<?> execution =
        runner.submit(
            () -> {
              FunctionFaults.sleep(f.faults.latency());
              if (f.faults.failsNow()) {
                throw new IllegalStateException("injected failure (emulator fault)");
              }
              environment.handler().handleRequest(new ByteArrayInputStream(payload), out, context);
              return null;
            });
    try {
      execution.get(f.timeout.toMillis(), TimeUnit.MILLISECONDS);
      output = out.toByteArray();
    } catch (TimeoutException e) {
      execution.cancel(true);
      keepEnvironment = false;
      error = true;
      double seconds = f.timeout.toMillis() / 1000.0;
      String message =
          String.format(Locale.ROOT, "%s Task timed out after %.2f seconds", requestId, seconds);
      logText.append(message).append('\n');
      output = json(Map.of("errorMessage", message, "errorType", "Sandbox.Timedout"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      error = true;
      logText.append(stackTrace(cause));
      output = errorJson(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      execution.cancel(true);
      keepEnvironment = false;
      error = true;
      output = json(Map.of("errorMessage", "interrupted", "errorType", "Runtime.Interrupted"));
    }
    double durationMs = (System.nanoTime() - start) / 1_000_000.0;
    if (error) {
      f.stats.countFunctionError();
    }
    long billedMs = (long) Math.ceil(durationMs + (initMs == null ? 0 : initMs));
    long usedMb =
        Math.min(
            f.memoryMb,
            Math.max(
                1, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
    logText.append("END RequestId: ").append(requestId).append('\n');
    logText.append(
        String.format(
            Locale.ROOT,
            "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t%s\n",
            requestId,
            durationMs,
            Math.max(1, billedMs),
            f.memoryMb,
            usedMb,
            initMs == null ? "" : String.format(Locale.ROOT, "Init Duration: %.2f ms\t", initMs)));
    if (keepEnvironment) {
      f.warm.addFirst(env);
    }
    return new Result(output, error, logText.toString());
  }

  private static byte[] tail(String log) {
    byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= LOG_TAIL_BYTES) {
      return bytes;
    }
    byte[] tail = new byte[LOG_TAIL_BYTES];
    System.arraycopy(bytes, bytes.length - LOG_TAIL_BYTES, tail, 0, LOG_TAIL_BYTES);
    return tail;
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static byte[] errorJson(Throwable t) {
    List<String> stack = new ArrayList<>();
    for (StackTraceElement e : t.getStackTrace()) {
      stack.add(e.toString());
      if (stack.size() == 20) {
        break;
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorMessage", String.valueOf(t.getMessage()));
    body.put("errorType", t.getClass().getName());
    body.put("stackTrace", stack);
    return json(body);
  }

  private static byte[] json(Object value) {
    try {
      return EmulatorHttp.JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(
      HttpExchange exchange, int status, String type, String kind, String message)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Type", kind);
    body.put("message", message);
    EmulatorHttp.sendJson(
        exchange,
        status,
        Map.of("x-amzn-ErrorType", type, "x-amzn-RequestId", UUID.randomUUID().toString()),
        body);
  }

  private static void throttle(HttpExchange exchange, String reason) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Reason", reason);
    body.put("Type", "User");
    body.put("message", "Rate Exceeded.");
    EmulatorHttp.sendJson(
        exchange,
        429,
        Map.of(
            "x-amzn-ErrorType",
            "TooManyRequestsException",
            "x-amzn-RequestId",
            UUID.randomUUID().toString()),
        body);
  }

  private static String header(HttpExchange exchange, String name, String fallback) {
    String v = exchange.getRequestHeaders().getFirst(name);
    return v == null || v.isBlank() ? fallback : v.strip();
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

  private static String version(String qualifier) {
    return qualifier == null || qualifier.isBlank() ? "$LATEST" : qualifier;
  }

  private static String logStreamName() {
    return java.time.LocalDate.now() + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", "");
  }

  /** The client context Lambda passes to the function: base64 JSON {client, custom, env}. */
  static ClientContext clientContext(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    JsonNode root;
    try {
      root = EmulatorHttp.JSON.readTree(Base64.getDecoder().decode(header.strip()));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
    Map<String, String> custom = strings(root.path("custom"));
    Map<String, String> env = strings(root.path("env"));
    Map<String, String> clientFields = strings(root.path("client"));
    Client client =
        new Client() {
          @Override
          public String getInstallationId() {
            return clientFields.get("installation_id");
          }

          @Override
          public String getAppTitle() {
            return clientFields.get("app_title");
          }

          @Override
          public String getAppVersionName() {
            return clientFields.get("app_version_name");
          }

          @Override
          public String getAppVersionCode() {
            return clientFields.get("app_version_code");
          }

          @Override
          public String getAppPackageName() {
            return clientFields.get("app_package_name");
          }
        };
    return new ClientContext() {
      @Override
      public Client getClient() {
        return client;
      }

      @Override
      public Map<String, String> getCustom() {
        return custom;
      }

      @Override
      public Map<String, String> getEnvironment() {
        return env;
      }
    };
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        m.put(
            e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
      }
    }
    return Collections.unmodifiableMap(m);
  }

  private static String invocationIdOf(ClientContext context) {
    if (context == null) {
      return null;
    }
    for (Map.Entry<String, String> e : context.getCustom().entrySet()) {
      if (e.getKey().equalsIgnoreCase("X-Fiso-Invocation-Id")
          || e.getKey().equalsIgnoreCase("fiso-invocation-id")) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public void close() {
    http.close();
    runner.shutdownNow();
  }

  // ------------------------------------------------------------------ Lambda runtime objects

  private static final class BufferLogger implements LambdaLogger {
    private final StringBuilder buffer;

    BufferLogger(StringBuilder buffer, String requestId) {
      this.buffer = buffer;
    }

    @Override
    public void log(String message) {
      synchronized (buffer) {
        buffer.append(message);
        if (!message.endsWith("\n")) {
          buffer.append('\n');
        }
      }
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }
  }

  private static final class EmulatedContext implements Context {
    private final LambdaEmulator emulator;
    private final Function function;
    private final Environment environment;
    private final String requestId;
    private final String qualifier;
    private final ClientContext clientContext;
    private final LambdaLogger logger;
    private final long deadlineNanos;

    EmulatedContext(
        LambdaEmulator emulator,
        Function function,
        Environment environment,
        String requestId,
        String qualifier,
        ClientContext clientContext,
        LambdaLogger logger) {
      this.emulator = emulator;
      this.function = function;
      this.environment = environment;
      this.requestId = requestId;
      this.qualifier = qualifier;
      this.clientContext = clientContext;
      this.logger = logger;
      this.deadlineNanos = System.nanoTime() + function.timeout.toNanos();
    }

    @Override
    public String getAwsRequestId() {
      return requestId;
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/" + function.name;
    }

    @Override
    public String getLogStreamName() {
      return environment.logStream();
    }

    @Override
    public String getFunctionName() {
      return function.name;
    }

    @Override
    public String getFunctionVersion() {
      return version(qualifier);
    }

    @Override
    public String getInvokedFunctionArn() {
      return emulator.arn(function.name) + (qualifier == null ? "" : ":" + qualifier);
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return clientContext;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
      return function.memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
      return logger;
    }
  }

  /** Functions and port of a {@link LambdaEmulator}. */
  public static final class Builder {
    private int port;
    private String region = DEFAULT_REGION;
    private String account = DEFAULT_ACCOUNT;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    private Builder() {}

    /** 0 (default) picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Lambda emulator port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    public Builder account(String account) {
      if (account == null || !account.matches("\\d{12}")) {
        throw new IllegalArgumentException("an AWS account id has 12 digits, was " + account);
      }
      this.account = account;
      return this;
    }

    /**
     * Deploys a function: {@code handlers} makes one handler per execution environment (a cold
     * start constructs one).
     */
    public Builder function(
        String name, Supplier<RequestStreamHandler> handlers, int memoryMb, Duration timeout) {
      if (name == null || !name.matches("[a-zA-Z0-9-_]{1,64}")) {
        throw new IllegalArgumentException(
            "a Lambda function name is 1-64 letters, digits, - or _, was " + name);
      }
      if (memoryMb < 128 || memoryMb > 10240) {
        throw new IllegalArgumentException("Lambda memory is 128..10240 MB, was " + memoryMb);
      }
      Objects.requireNonNull(handlers, "handlers");
      if (timeout == null
          || timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException(
            "a Lambda timeout is within (0, 15 min], was " + timeout);
      }
      functions.put(name, new Function(name, handlers, memoryMb, timeout));
      return this;
    }

    /**
     * The mcal sample function {@value #SAMPLE_FUNCTION} ({@link SampleLambdaHandler}), 128 MB, 30
     * s.
     */
    public Builder sampleFunction() {
      return function(SAMPLE_FUNCTION, SampleLambdaHandler::new, 128, Duration.ofSeconds(30));
    }

    public LambdaEmulator start() {
      return new LambdaEmulator(this);
    }
  }
}
