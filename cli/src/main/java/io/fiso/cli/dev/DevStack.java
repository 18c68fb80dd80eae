package io.fiso.cli.dev;

import io.fiso.avro.PriceSheet;
import io.fiso.avro.RoutingPolicy;
import io.fiso.cli.costingestor.RollupCostsBackend;
import io.fiso.cli.kafka.CompactedTopic;
import io.fiso.cli.prices.PricePlan;
import io.fiso.controlplane.ControlPlane;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.HealthCheck;
import io.fiso.costs.CostIngestorApp;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.kafka.EmbeddedKafka;
import io.fiso.devstack.registry.EmbeddedSchemaRegistry;
import io.fiso.pricing.catalog.PriceCatalog;
import io.fiso.router.RouterApp;
import io.fiso.router.RouterConfig;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.topic.TopicAdmin;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.workers.WorkerGroup;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * All of FISO in one JVM on its embedded default: a KRaft broker, the schema registry, the three
 * cloud emulators hosting the mcal sample function, the router, one worker group per provider, the
 * cost-ingestor and the control plane. Started by {@code fiso dev} and by its end-to-end test.
 *
 * <p>Everything it keeps lives under one data directory (Kafka's log, the Streams state), so a
 * restart continues where the last run stopped.
 */
public final class DevStack implements AutoCloseable {

  /** Where things listen and keep their data. Port 0 picks a free port. */
  public record Options(
      Path dataDir,
      int kafkaPort,
      int registryPort,
      int httpPort,
      CloudEmulators.Ports emulatorPorts) {

    public static final int KAFKA_PORT = 9092;
    public static final int REGISTRY_PORT = 8081;
    public static final int HTTP_PORT = 8080;
    public static final CloudEmulators.Ports EMULATOR_PORTS =
        new CloudEmulators.Ports(9001, 9002, 9003, 8085);

    public static Options defaults(Path dataDir) {
      return new Options(dataDir, KAFKA_PORT, REGISTRY_PORT, HTTP_PORT, EMULATOR_PORTS);
    }
  }

  /**
   * After a crash (kill -9, a closed terminal) the dead process's consumers stay members of their
   * groups until their sessions expire, 45 s by default, and hold their partitions meanwhile: a
   * restarted fiso dev was ready only after 56-60 s. Its router and cost-ingestor are therefore
   * static members (see {@link #staticMember}), which take their partitions back at once, and the
   * embedded broker expires a dead share-group member (the workers) after 10 s instead of 45.
   */
  static final Map<String, String> CRASH_RECOVERY =
      Map.of(
          "group.share.min.session.timeout.ms", "10000",
          "group.share.session.timeout.ms", "10000");

  /**
   * {@code group.instance.id} for one of fiso dev's Kafka Streams applications, unless the Kafka
   * settings name one: a static member (KIP-345) per data directory and application, so that a fiso
   * dev restarted after a crash takes the partitions back at once. The id is random, kept in the
   * data directory ({@value #MEMBER_ID_FILE}), so two fiso dev instances sharing a cluster never
   * fence each other; one data directory runs one fiso dev at a time.
   */
  static Map<String, Object> staticMember(Map<String, Object> kafka, String memberId, String app) {
    if (kafka.containsKey("group.instance.id")
        || kafka.containsKey("consumer.group.instance.id")
        || kafka.containsKey("main.consumer.group.instance.id")) {
      return Map.of();
    }
    return Map.of("group.instance.id", "fiso-dev-" + memberId + "-" + app);
  }

  static final String MEMBER_ID_FILE = "member-id";

  /** This data directory's member id: read from {@value #MEMBER_ID_FILE}, made the first time. */
  static String memberId(Path dataDir) {
    Path file = dataDir.resolve(MEMBER_ID_FILE);
    try {
      if (Files.isRegularFile(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (id.matches("[0-9a-f]{8,32}")) {
          return id;
        }
      }
      String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      Files.createDirectories(dataDir);
      Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final PrintWriter progress;

  /** fiso dev's router.commit.interval unless set: sync calls wait for the router's commits. */
  static final String DEV_COMMIT_INTERVAL = "25ms";

  private EmbeddedKafka kafka;
  private EmbeddedSchemaRegistry registryServer;
  private CloudEmulators emulators;
  private ControlPlane controlPlane;
  private FisoSettings settings;

  private DevStack(PrintWriter progress) {
    this.progress = progress;
  }

  /** Starts everything, in dependency order; on any failure stops what was started and rethrows. */
  public static DevStack start(Options options, PrintWriter progress) throws InterruptedException {
    DevStack stack = new DevStack(progress);
    try {
      stack.startAll(options);
      return stack;
    } catch (RuntimeException | InterruptedException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(Options options) throws InterruptedException {
    Path dataDir = options.dataDir().toAbsolutePath();
    kafka =
        step(
            "Kafka broker (KRaft)",
            () ->
                EmbeddedKafka.start(
                    EmbeddedKafka.Config.defaults()
                        .withPort(options.kafkaPort())
                        .withDataDir(dataDir.resolve("kafka"))
                        .withBrokerProperties(CRASH_RECOVERY)));
    registryServer =
        step(
            "schema registry",
            () -> EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), options.registryPort()));
    emulators = step("cloud emulators", () -> CloudEmulators.start(options.emulatorPorts()));

    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(emulators.workerEnvironment());
    env.put("FISO_AZURE_ALLOW_HTTP", "true"); // the Azure emulator speaks plain HTTP on localhost
    env.put("FISO_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    env.put("FISO_SCHEMA_REGISTRY_URL", registryServer.url());
    settings =
        FisoSettings.builder()
            .environment(env)
            .set(FisoSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .set(FisoSettings.SCHEMA_REGISTRY_URL, registryServer.url())
            .set(RouterConfig.STATE_DIR, dataDir.resolve("state/router").toString())
            .set(CostIngestorConfig.STATE_DIR, dataDir.resolve("state/cost-ingestor").toString())
            .set(ControlPlaneConfig.PORT, Integer.toString(options.httpPort()))
            // A sync call waits for its routed record, which the workers see when the router's
            // transaction commits: commit more often than the 100 ms a production router uses.
            .defaultValue(RouterConfig.COMMIT_INTERVAL, DEV_COMMIT_INTERVAL)
            .build();
    SchemaRegistryClient registry = SchemaRegistryClients.fromSettings(settings);
    TopicCatalog topics = TopicCatalog.DEFAULT;

    step("topics", () -> createTopics(topics));
    step("price catalog", () -> seedPrices());
    step("default policies", () -> seedPolicies());

    String memberId = memberId(dataDir);
    RouterConfig routerConfig = RouterConfig.fromSettings(settings, registry);
    RouterApp router =
        step(
            "router",
            () ->
                new RouterApp(
                        routerConfig.withKafka(
                            staticMember(routerConfig.kafka(), memberId, "router")))
                    .start());
    List<WorkerGroup> workers =
        step(
            "workers (aws, azure, gcp)",
            () -> DevWorkers.start(env, settings.kafkaClientProperties(), registry));
    CostIngestorApp costs =
        step(
            "cost-ingestor",
            () -> {
              CostIngestorConfig c = CostIngestorConfig.from(settings);
              return CostIngestorApp.start(
                  c.withKafka(staticMember(c.kafka(), memberId, "cost-ingestor")), registry, true);
            });
    controlPlane =
        step(
            "control plane",
            () ->
                ControlPlane.builder(ControlPlaneConfig.from(settings))
                    .schemaRegistry(registry)
                    .topics(topics)
                    .costs(RollupCostsBackend.of(costs))
                    .readinessCheck(() -> streamsCheck("router", router.streams()))
                    .readinessCheck(() -> streamsCheck("cost-ingestor", costs.streams()))
                    .start());
    controlPlane.bindMetrics(new KafkaStreamsMetrics(router.streams()));
    controlPlane.bindMetrics(new KafkaStreamsMetrics(costs.streams()));
    // Ready means every service answers, as GET /readyz says: the cost-ingestor's first
    // rebalance (it creates its internal topics) often ends seconds after the router's, and the
    // control plane's results consumer needs its partitions; until then /api/v1/costs or a sync
    // call answers 503.
    awaitReady(
        controlPlane,
        Map.of("router", router.streams(), "cost-ingestor", costs.streams()),
        Duration.ofSeconds(60));
  }

  private static void awaitReady(
      ControlPlane controlPlane, Map<String, KafkaStreams> apps, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Map.Entry<String, KafkaStreams> app : apps.entrySet()) {
        KafkaStreams.State state = app.getValue().state();
        if (state.hasStartedOrFinishedShuttingDown()) {
          throw new IllegalStateException(
              "the "
                  + app.getKey()
                  + " stopped while starting ("
                  + state
                  + "); see the log above for the cause");
        }
      }
      List<HealthCheck> failing =
          controlPlane.readiness().stream().filter(check -> !check.ok()).toList();
      if (failing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "not ready within "
                + timeout.toSeconds()
                + " s: "
                + failing.stream()
                    .map(check -> check.name() + " (" + check.detail() + ")")
                    .collect(java.util.stream.Collectors.joining(", "))
                + "; see the log above for the cause");
      }
      Thread.sleep(50);
    }
  }

  private static HealthCheck streamsCheck(String name, KafkaStreams streams) {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING
        ? HealthCheck.ok(name, state.name())
        : HealthCheck.failing(name, state.name());
  }

  private Void createTopics(TopicCatalog topics) {
    try (Admin admin = Admin.create(settings.kafkaClientProperties())) {
      TopicAdmin.Report report = TopicAdmin.ensureTopics(admin, topics.all(), (short) 1);
      report.differences().forEach(d -> progress.println("  note: " + d));
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private Void seedPrices() {
    CompactedTopic<PriceSheet> prices =
        new CompactedTopic<>(settings, TopicCatalog.DEFAULT.prices());
    PricePlan plan = PricePlan.of(PriceCatalog.bundled().sheets(), prices.read().records());
    if (!plan.toWrite().isEmpty()) {
      prices.write(plan.toWrite());
    }
    return null;
  }

  private Void seedPolicies() {
    CompactedTopic<RoutingPolicy> policies =
        new CompactedTopic<>(settings, TopicCatalog.DEFAULT.policies());
    Map<String, RoutingPolicy> toWrite =
        DevPolicies.toWrite(
            List.of(emulators.awsTarget(), emulators.azureTarget(), emulators.gcpTarget()),
            policies.read().records(),
            Instant.now());
    if (!toWrite.isEmpty()) {
      policies.write(toWrite);
    }
    return null;
  }

  /** A step that may fail. */
  private interface Step<T> {
    T run() throws InterruptedException;
  }

  private <T> T step(String what, Step<T> step) throws InterruptedException {
    long start = System.nanoTime();
    progress.printf("  starting %-28s", what + "...");
    progress.flush();
    T result = step.run();
    if (result instanceof AutoCloseable closeable) {
      started.push(closeable);
    } else if (result instanceof List<?> list) {
      // Services of one step (the worker groups) stop side by side: each waits for its own
      // consumers and calls in flight, which need not wait for the others'.
      List<AutoCloseable> members =
          list.stream()
              .filter(AutoCloseable.class::isInstance)
              .map(AutoCloseable.class::cast)
              .toList();
      started.push(() -> closeTogether(members));
    }
    progress.printf(" ok (%d ms)%n", (System.nanoTime() - start) / 1_000_000);
    progress.flush();
    return result;
  }

  /** What runs where, and the commands to try first. */
  public String summary() {
    String api = "http://localhost:" + controlPlane.port();
    return String.join(
        "\n",
        "",
        "FISO dev is running:",
        "  control plane     " + api + "   (OpenAPI: " + api + "/api/v1/openapi.json)",
        "  Kafka             " + kafka.bootstrapServers(),
        "  schema registry   " + registryServer.url(),
        indent(emulators.describe()),
        "  data              " + kafka.dataDir().getParent(),
        "",
        "Try:",
        "  curl -X POST " + api + "/api/v1/orchestrate",
        "  curl -X POST '"
            + api
            + "/api/v1/orchestrate?function="
            + DevPolicies.CHEAPEST_FUNCTION
            + "' -d '{\"hello\":\"world\"}'",
        "  curl '"
            + api
            + "/api/v1/costs?from="
            + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
            + "&groupBy=provider,function'",
        "  curl " + api + "/api/v1/policies",
        "  ./fiso policy list        ./fiso costs report --from -1h --group-by provider,function",
        "",
        "Stop with Ctrl-C (the data is kept; --fresh starts over).");
  }

  private static String indent(String lines) {
    return "  " + lines.replace("\n", "\n  ");
  }

  public int httpPort() {
    return controlPlane.port();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registryServer.url();
  }

  /**
   * The caller's shutdown hook will {@link #close} this stack: the broker's own hook is removed so
   * that it does not stop the broker while the services above it still commit.
   */
  public void ownShutdown() {
    kafka.detachShutdownHook();
  }

  private static void closeTogether(List<AutoCloseable> members) throws Exception {
    List<Thread> threads = new ArrayList<>();
    Queue<Exception> failures = new ConcurrentLinkedQueue<>();
    for (AutoCloseable member : members) {
      Thread t =
          new Thread(
              () -> {
                try {
                  member.close();
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              "fiso-dev-stop");
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.peek();
    }
  }

  /** Stops everything in reverse order of start. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        progress.println(
            "  while stopping " + c.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    progress.flush();
  }
}
