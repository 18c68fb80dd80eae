package io.fiso.devstack.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Topic;
import com.sun.net.httpserver.HttpExchange;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.fiso.mcal.functions.gcp.SampleHttpFunction;
import io.fiso.mcal.functions.gcp.SamplePubSubFunction;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google Cloud Functions (2nd gen) locally: HTTP functions and Pub/Sub-triggered functions, run
 * in-process.
 *
 * <p><b>HTTP.</b> Each {@link HttpFunction} is served at {@code /{function}} (the
 * cloudfunctions.net URL shape) through the Functions Framework's {@link HttpRequest} / {@link
 * HttpResponse} contract, with {@code Function-Execution-Id} set as the platform does. A private
 * function needs {@code Authorization: Bearer <ID token>} whose {@code aud} is the function's URL
 * (401 without a token, 403 for another audience; signatures are not verified). Google's own
 * invoker ({@code com.google.cloud.functions.invoker:java-function-invoker} 2.0.0) is not used
 * in-process: its published jar is a fat jar with unrelocated Jackson 2.15, Gson, Jetty 12, SLF4J
 * and an slf4j-jdk14 binding, and its own copy of functions-framework-api, which would collide with
 * FISO's classpath (and the shaded {@code fiso} jar); this server implements the same contract for
 * the same handler classes.
 *
 * <p><b>Pub/Sub.</b> A gRPC {@code google.pubsub.v1.Publisher} endpoint (set {@code
 * PUBSUB_EMULATOR_HOST} to {@link #pubsubHost()}): {@code Publish} assigns message ids and each
 * message is then delivered, as a {@code google.cloud.pubsub.topic.v1.messagePublished} CloudEvent
 * carrying the {@code MessagePublishedData} JSON, to the {@link CloudEventsFunction} subscribed to
 * the topic, as Eventarc does. Unknown topics are NOT_FOUND.
 */
public final class GcpFunctionsEmulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GcpFunctionsEmulator.class);

  public static final String DEFAULT_PROJECT = "fiso-dev";
  public static final String DEFAULT_REGION = "us-central1";
  public static final String SAMPLE_FUNCTION = "fiso-sample";
  public static final String SAMPLE_EVENTS_FUNCTION = "fiso-sample-events";
  public static final String SAMPLE_TOPIC = "fiso-sample";

  private static final class HttpFn {
    final String name;
    final Supplier<HttpFunction> instances;
    final boolean requireIdToken;
    final Duration timeout;
    final FunctionFaults faults = new FunctionFaults();
    final FunctionStats stats = new FunctionStats();
    final ConcurrentLinkedDeque<HttpFunction> warm = new ConcurrentLinkedDeque<>();

    HttpFn(
        String name, Supplier<HttpFunction> instances, boolean requireIdToken, Duration timeout) {
      this.name = name;
      this.instances = instances;
      this.requireIdToken = requireIdToken;
      this.timeout = timeout;
    }
  }

  private static final class EventFn {
    final String name;
    final String topic;
    final CloudEventsFunction function;
    final FunctionFaults faults = new FunctionFaults();
    final FunctionStats stats = new FunctionStats();
    final AtomicLong failures = new AtomicLong();

    EventFn(String name, String topic, CloudEventsFunction function) {
      this.name = name;
      this.topic = topic;
      this.function = function;
    }
  }

  private final String project;
  private final String region;
  private final Map<String, HttpFn> httpFunctions;
  private final Map<String, EventFn> eventFunctions;
  private final Map<String, EventFn> byTopic = new ConcurrentHashMap<>();
  private final EmulatorHttp http;
  private final Server grpc;
  private final ExecutorService delivery;
  private final AtomicLong messageIds = new AtomicLong();

  private GcpFunctionsEmulator(Builder b) {
    this.project = b.project;
    this.region = b.region;
    this.httpFunctions = new ConcurrentHashMap<>(b.httpFunctions);
    this.eventFunctions = new ConcurrentHashMap<>(b.eventFunctions);
    for (EventFn f : eventFunctions.values()) {
      byTopic.put(topicName(f.topic), f);
    }
    AtomicInteger n = new AtomicInteger();
    this.delivery =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "gcp-emulator-eventarc-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.http = new EmulatorHttp("gcp-functions-emulator", b.httpPort, this::handle);
    try {
      this.grpc =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), b.pubsubPort))
              .addService(new PublisherService())
              .build()
              .start();
    } catch (IOException e) {
      http.close();
      throw new UncheckedIOException(
          "the Pub/Sub emulator could not listen on 127.0.0.1:"
              + b.pubsubPort
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    log.info(
        "Google Cloud Functions emulator: HTTP on {} serving {}, Pub/Sub on {} for topics {}",
        http.baseUrl(),
        httpFunctions.keySet(),
        pubsubHost(),
        byTopic.keySet());
  }

  public static Builder builder() {
    return new Builder();
  }

  public int httpPort() {
    return http.port();
  }

  /** {@code 127.0.0.1:port} of the Pub/Sub endpoint: the value for PUBSUB_EMULATOR_HOST. */
  public String pubsubHost() {
    return "127.0.0.1:" + grpc.getPort();
  }

  public String project() {
    return project;
  }

  public String region() {
    return region;
  }

  /** The HTTP function's URL, as a routing target (and the audience of its ID tokens). */
  public String functionUrl(String function) {
    requireHttp(function);
    return http.baseUrl() + "/" + function;
  }

  /** {@code projects/<project>/topics/<topic>}: an ASYNC routing target (asyncTarget). */
  public String topicName(String topic) {
    return "projects/" + project + "/topics/" + topic;
  }

  /** Faults of an HTTP function, or of a Pub/Sub-triggered one (publishes to its topic too). */
  public FunctionFaults faults(String function) {
    HttpFn h = httpFunctions.get(function);
    if (h != null) {
      return h.faults;
    }
    return requireEvent(function).faults;
  }

  public FunctionStats stats(String function) {
    HttpFn h = httpFunctions.get(function);
    if (h != null) {
      return h.stats;
    }
    return requireEvent(function).stats;
  }

  private HttpFn requireHttp(String name) {
    HttpFn f = httpFunctions.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "no HTTP function " + name + " in the emulator; it has " + httpFunctions.keySet());
    }
    return f;
  }

  private EventFn requireEvent(String name) {
    EventFn f = eventFunctions.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "no function "
              + name
              + " in the emulator; it has "
              + httpFunctions.keySet()
              + " and "
              + eventFunctions.keySet());
    }
    return f;
  }

  // ------------------------------------------------------------------ HTTP functions

  private void handle(HttpExchange exchange) throws IOException {
    if (EmulatorControl.handle(exchange, this::controls, allNames())) {
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String name = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
    HttpFn f = httpFunctions.get(name);
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (f == null) {
      EmulatorHttp.send(
          exchange,
          404,
          Map.of("Content-Type", "text/html"),
          ("Page not found: " + path).getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (f.requireIdToken) {
      int denied =
          checkIdToken(
              exchange.getRequestHeaders().getFirst("Authorization"),
              http.baseUrl() + "/" + f.name);
      if (denied != 0) {
        EmulatorHttp.send(
            exchange,
            denied,
            Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""),
            (denied == 401
                    ? "Your client does not have permission: no ID token"
                    : "Your client does not have permission: wrong audience")
                .getBytes(StandardCharsets.UTF_8));
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
            "Service Unavailable".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case THROTTLE -> {
        f.stats.countThrottle();
        EmulatorHttp.send(
            exchange,
            429,
            Map.of("Content-Type", "text/plain"),
            "Rate exceeded.".getBytes(StandardCharsets.UTF_8));
        return;
      }
      default -> {
        // pass
      }
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    String executionId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    headers.put("Function-Execution-Id", List.of(executionId));
    String invocationId =
        headers.containsKey("X-Fiso-Invocation-Id")
            ? headers.get("X-Fiso-Invocation-Id").get(0)
            : null;
    if (!f.stats.tryStart(invocationId, f.faults.concurrencyLimit())) {
      f.stats.countThrottle();
      EmulatorHttp.send(
          exchange,
          429,
          Map.of("Content-Type", "text/plain"),
          "Rate exceeded.".getBytes(StandardCharsets.UTF_8));
      return;
    }
    Response response = new Response();
    try {
      HttpFunction instance = f.faults.forcedColdStart() ? null : f.warm.pollFirst();
      if (instance == null) {
        FunctionFaults.sleep(f.faults.coldStartDelay());
        instance = f.instances.get();
        f.stats.countColdStart();
      }
      long start = System.nanoTime();
      FunctionFaults.sleep(f.faults.latency());
      if (Duration.ofNanos(System.nanoTime() - start).compareTo(f.timeout) > 0) {
        f.stats.countFunctionError();
        f.warm.addFirst(instance);
        EmulatorHttp.send(
            exchange,
            504,
            Map.of("Content-Type", "text/plain"),
            "upstream request timeout".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (f.faults.failsNow()) {
        throw new IllegalStateException("injected failure (emulator fault)");
      }
      instance.service(new Request(exchange, headers, body), response);
      f.warm.addFirst(instance);
    } catch (Exception e) {
      // The Functions Framework answers an uncaught exception with a 500 and logs it.
      f.stats.countFunctionError();
      log.info("Google function {} failed: {}", f.name, e.toString());
      EmulatorHttp.send(exchange, 500, Map.of(), null);
      return;
    } finally {
      f.stats.finished();
    }
    Map<String, String> out = new LinkedHashMap<>();
    response.headers.forEach((k, v) -> out.put(k, String.join(",", v)));
    response.contentType.ifPresent(ct -> out.put("Content-Type", ct));
    out.put("Function-Execution-Id", executionId);
    response.flush();
    EmulatorHttp.send(exchange, response.status, out, response.body.toByteArray());
  }

  /** 0 when the bearer token's audience is {@code audience}, else 401 (no token) or 403. */
  static int checkIdToken(String authorization, String audience) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return 401;
    }
    String[] parts = authorization.substring(7).strip().split("\\.");
    if (parts.length < 2) {
      return 401;
    }
    try {
      JsonNode claims = EmulatorHttp.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (claims.has("exp") && claims.get("exp").asLong() < Instant.now().getEpochSecond()) {
        return 401;
      }
      return audience.equals(claims.path("aud").asText()) ? 0 : 403;
    } catch (IOException | IllegalArgumentException e) {
      return 401;
    }
  }

  private EmulatorControl.Controls controls(String name) {
    HttpFn h = httpFunctions.get(name);
    if (h != null) {
      return new EmulatorControl.Controls(h.faults, h.stats);
    }
    EventFn e = eventFunctions.get(name);
    return e == null ? null : new EmulatorControl.Controls(e.faults, e.stats);
  }

  private List<String> allNames() {
    List<String> names = new ArrayList<>(httpFunctions.keySet());
    names.addAll(eventFunctions.keySet());
    return names;
  }

  private static final class Request implements HttpRequest {
    private final HttpExchange exchange;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    Request(HttpExchange exchange, Map<String, List<String>> headers, byte[] body) {
      this.exchange = exchange;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public String getMethod() {
      return exchange.getRequestMethod();
    }

    @Override
    public String getUri() {
      URI uri = exchange.getRequestURI();
      return "http://"
          + exchange.getRequestHeaders().getFirst("Host")
          + uri.getRawPath()
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    public String getPath() {
      return exchange.getRequestURI().getRawPath();
    }

    @Override
    public Optional<String> getQuery() {
      return Optional.ofNullable(exchange.getRequestURI().getRawQuery());
    }

    @Override
    public Map<String, List<String>> getQueryParameters() {
      Map<String, List<String>> q = new LinkedHashMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String part : raw.split("&")) {
          int eq = part.indexOf('=');
          String k =
              URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
          String v =
              eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
          q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
      }
      return q;
    }

    @Override
    public Map<String, HttpPart> getParts() {
      throw new IllegalStateException("this emulator does not parse multipart/form-data bodies");
    }

    @Override
    public Optional<String> getContentType() {
      return Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"));
    }

    @Override
    public long getContentLength() {
      return body.length;
    }

    @Override
    public Optional<String> getCharacterEncoding() {
      return getContentType()
          .flatMap(
              ct -> {
                int i = ct.toLowerCase(Locale.ROOT).indexOf("charset=");
                return i < 0
                    ? Optional.empty()
                    : Optional.of(ct.substring(i + 8).split(";")[0].strip());
              });
    }

    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(
              getInputStream(),
              getCharacterEncoding()
                  .map(java.nio.charset.Charset::forName)
                  .orElse(StandardCharsets.UTF_8)));
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }
  }

  private static final class Response implements HttpResponse {
    int status = 200;
    Optional<String> contentType = Optional.empty();
    final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private BufferedWriter writer;

    @Override
    public void setStatusCode(int code) {
      this.status = code;
    }

    @Override
    public void setStatusCode(int code, String message) {
      this.status = code;
    }

    @Override
    public void setContentType(String contentType) {
      this.contentType = Optional.ofNullable(contentType);
    }

    @Override
    public Optional<String> getContentType() {
      return contentType;
    }

    @Override
    public void appendHeader(String header, String value) {
      headers.computeIfAbsent(header, k -> new ArrayList<>()).add(value);
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }

    @Override
    public OutputStream getOutputStream() {
      return body;
    }

    @Override
    public synchronized BufferedWriter getWriter() {
      if (writer == null) {
        writer = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
      }
      return writer;
    }

    void flush() throws IOException {
      if (writer != null) {
        writer.flush();
      }
    }
  }

  // ------------------------------------------------------------------ Pub/Sub

  private final class PublisherService extends PublisherGrpc.PublisherImplBase {

    @Override
    public void getTopic(GetTopicRequest request, StreamObserver<Topic> response) {
      if (!byTopic.containsKey(request.getTopic())) {
        response.onError(
            Status.NOT_FOUND
                .withDescription("Resource not found (resource=" + request.getTopic() + ").")
                .asRuntimeException());
        return;
      }
      response.onNext(Topic.newBuilder().setName(request.getTopic()).build());
      response.onCompleted();
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishResponse> response) {
      EventFn f = byTopic.get(request.getTopic());
      if (f == null) {
        response.onError(
            Status.NOT_FOUND
                .withDescription("Resource not found (resource=" + request.getTopic() + ").")
                .asRuntimeException());
        return;
      }
      f.stats.request();
      switch (f.faults.gate()) {
        case UNAVAILABLE -> {
          f.stats.countUnavailable();
          response.onError(
              Status.UNAVAILABLE
                  .withDescription(
                      "The service was unable to fulfill your request (emulated outage).")
                  .asRuntimeException());
          return;
        }
        case THROTTLE -> {
          f.stats.countThrottle();
          response.onError(
              Status.RESOURCE_EXHAUSTED
                  .withDescription("Publish quota exceeded (emulated).")
                  .asRuntimeException());
          return;
        }
        default -> {
          // pass
        }
      }
      PublishResponse.Builder ids = PublishResponse.newBuilder();
      List<PubsubMessage> accepted = new ArrayList<>();
      Instant now = Instant.now();
      for (PubsubMessage m : request.getMessagesList()) {
        String id = Long.toString(messageIds.incrementAndGet());
        ids.addMessageIds(id);
        accepted.add(
            m.toBuilder()
                .setMessageId(id)
                .setPublishTime(
                    Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build());
      }
      response.onNext(ids.build());
      response.onCompleted();
      for (PubsubMessage m : accepted) {
        delivery.submit(() -> deliver(f, request.getTopic(), m));
      }
    }
  }

  /** Eventarc's push: the message as a messagePublished CloudEvent, to the subscribed function. */
  private void deliver(EventFn f, String topic, PubsubMessage m) {
    String invocationId = m.getAttributesMap().get("fiso-invocation-id");
    if (!f.stats.tryStart(invocationId, 0)) {
      return;
    }
    try {
      FunctionFaults.sleep(f.faults.latency());
      if (f.faults.failsNow()) {
        throw new IllegalStateException("injected failure (emulator fault)");
      }
      f.function.accept(cloudEvent(topic, m));
    } catch (Exception e) {
      f.stats.countFunctionError();
      f.failures.incrementAndGet();
      log.info(
          "Pub/Sub-triggered function {} failed on message {}: {}",
          f.name,
          m.getMessageId(),
          e.toString());
    } finally {
      f.stats.finished();
    }
  }

  private CloudEvent cloudEvent(String topic, PubsubMessage m) throws IOException {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("data", Base64.getEncoder().encodeToString(m.getData().toByteArray()));
    message.put("attributes", m.getAttributesMap());
    message.put("messageId", m.getMessageId());
    message.put(
        "publishTime",
        Instant.ofEpochSecond(m.getPublishTime().getSeconds(), m.getPublishTime().getNanos())
            .toString());
    if (!m.getOrderingKey().isEmpty()) {
      message.put("orderingKey", m.getOrderingKey());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("message", message);
    data.put(
        "subscription",
        "projects/"
            + project
            + "/subscriptions/eventarc-"
            + region
            + "-"
            + topic.substring(topic.lastIndexOf('/') + 1));
    return CloudEventBuilder.v1()
        .withId(m.getMessageId())
        .withSource(URI.create("//pubsub.googleapis.com/" + topic))
        .withType(SamplePubSubFunction.EVENT_TYPE)
        .withDataContentType("application/json")
        .withTime(OffsetDateTime.now(ZoneOffset.UTC))
        .withData(EmulatorHttp.JSON.writeValueAsBytes(data))
        .build();
  }

  @Override
  public void close() {
    http.close();
    grpc.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    delivery.shutdownNow();
  }

  /** Functions, topics and ports of a {@link GcpFunctionsEmulator}. */
  public static final class Builder {
    private int httpPort;
    private int pubsubPort;
    private String project = DEFAULT_PROJECT;
    private String region = DEFAULT_REGION;
    private final Map<String, HttpFn> httpFunctions = new LinkedHashMap<>();
    private final Map<String, EventFn> eventFunctions = new LinkedHashMap<>();

    private Builder() {}

    /** 0 (default) picks a free port. */
    public Builder httpPort(int port) {
      this.httpPort = checkPort(port);
      return this;
    }

    /** 0 (default) picks a free port. */
    public Builder pubsubPort(int port) {
      this.pubsubPort = checkPort(port);
      return this;
    }

    public Builder project(String project) {
      if (project == null || !project.matches("[a-z][a-z0-9-]{4,28}[a-z0-9]")) {
        throw new IllegalArgumentException(
            "a Google Cloud project id is 6-30 lower-case letters, digits or -, was " + project);
      }
      this.project = project;
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * An HTTP function at /{name}; {@code instances} makes one per instance (a cold start makes
     * one); {@code requireIdToken}: a private function (needs an ID token for its URL).
     */
    public Builder httpFunction(
        String name, Supplier<HttpFunction> instances, boolean requireIdToken, Duration timeout) {
      checkName(name);
      Objects.requireNonNull(instances, "instances");
      Objects.requireNonNull(timeout, "timeout");
      httpFunctions.put(name, new HttpFn(name, instances, requireIdToken, timeout));
      return this;
    }

    /** A function triggered by messages published to {@code topic} (a topic id, not a path). */
    public Builder pubsubFunction(String name, String topic, CloudEventsFunction function) {
      checkName(name);
      if (topic == null || !topic.matches("[a-zA-Z][a-zA-Z0-9-_.~+%]{2,254}")) {
        throw new IllegalArgumentException(
            "a Pub/Sub topic id is 3-255 characters starting with a letter, was " + topic);
      }
      eventFunctions.put(
          name, new EventFn(name, topic, Objects.requireNonNull(function, "function")));
      return this;
    }

    /**
     * The mcal sample functions: HTTP {@value #SAMPLE_FUNCTION} ({@link SampleHttpFunction}, public
     * unless {@code privateHttp}) and {@value #SAMPLE_EVENTS_FUNCTION} ({@link
     * SamplePubSubFunction}) on topic {@value #SAMPLE_TOPIC}.
     */
    public Builder sampleFunctions(boolean privateHttp) {
      httpFunction(SAMPLE_FUNCTION, SampleHttpFunction::new, privateHttp, Duration.ofMinutes(5));
      return pubsubFunction(SAMPLE_EVENTS_FUNCTION, SAMPLE_TOPIC, new SamplePubSubFunction());
    }

    public GcpFunctionsEmulator start() {
      Set<String> clash = new java.util.HashSet<>(httpFunctions.keySet());
      clash.retainAll(eventFunctions.keySet());
      if (!clash.isEmpty()) {
        throw new IllegalArgumentException("function names used twice: " + clash);
      }
      return new GcpFunctionsEmulator(this);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      return port;
    }

    private static void checkName(String name) {
      if (name == null || !name.matches("[a-z][a-z0-9-]{0,62}")) {
        throw new IllegalArgumentException(
            "a Cloud Functions name is lower-case letters, digits and -, starting with a letter; was "
                + name);
      }
    }
  }
}
