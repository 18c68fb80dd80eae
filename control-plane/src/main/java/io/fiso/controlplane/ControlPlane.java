package io.fiso.controlplane;

import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.controlplane.backend.CostsBackend;
import io.fiso.controlplane.backend.ProvidersBackend;
import io.fiso.controlplane.http.ApiServer;
import io.fiso.controlplane.http.ControlPlaneApi;
import io.fiso.controlplane.http.Route;
import io.fiso.controlplane.invocation.InvocationGateway;
import io.fiso.controlplane.kafka.CompactedTopicView;
import io.fiso.controlplane.kafka.KafkaClients;
import io.fiso.controlplane.kafka.KafkaInvocationGateway;
import io.fiso.controlplane.kafka.KafkaPolicyStore;
import io.fiso.controlplane.kafka.KafkaReachability;
import io.fiso.controlplane.kafka.TopicProvidersBackend;
import io.fiso.controlplane.policy.PolicyStore;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FISO control plane: the HTTP API on top of Kafka. Standalone ({@code fiso control-plane}) or
 * in-process ({@code fiso dev}):
 *
 * <pre>{@code
 * ControlPlane cp = ControlPlane.builder(ControlPlaneConfig.builder()
 *         .port(8080).bootstrapServers(broker.bootstrapServers()).build())
 *     .schemaRegistry(registryClient)
 *     .topics(TopicCatalog.DEFAULT)
 *     .costs(costIngestorRollups)            // optional: CostsBackend
 *     .providers(costIngestorStats)          // optional: ProvidersBackend (default reads the topic)
 *     .start();                              // throws ControlPlaneStartException (port in use)
 * cp.bindMetrics(new KafkaStreamsMetrics(routerStreams));
 * ...
 * cp.close();
 * }</pre>
 *
 * What the builder is not given it makes: one idempotent producer, a results consumer, a policies
 * view and a provider-stats view, an admin client for readiness, a Prometheus registry with JVM
 * metrics.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  private final ControlPlaneConfig config;
  private final PrometheusMeterRegistry meters;
  private final ApiServer server;
  private final List<AutoCloseable> resources;
  private final Supplier<List<HealthCheck>> readiness;

  private ControlPlane(
      ControlPlaneConfig config,
      PrometheusMeterRegistry meters,
      ApiServer server,
      List<AutoCloseable> resources,
      Supplier<List<HealthCheck>> readiness) {
    this.config = config;
    this.meters = meters;
    this.server = server;
    this.resources = resources;
    this.readiness = readiness;
  }

  /** The checks GET /readyz runs, run now: ready when every one is ok. */
  public List<HealthCheck> readiness() {
    return readiness.get();
  }

  public static Builder builder(ControlPlaneConfig config) {
    return new Builder(config);
  }

  /** The port the API listens on. */
  public int port() {
    return server.port();
  }

  /** {@code http://localhost:PORT} (or the bind address when it is a specific one). */
  public URI baseUri() {
    String host = config.bindAddress();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** The registry /metrics serves; bind more meters to it (e.g. {@code KafkaStreamsMetrics}). */
  public PrometheusMeterRegistry meterRegistry() {
    return meters;
  }

  /**
   * Binds meters to /metrics, e.g. {@code new KafkaStreamsMetrics(streams)} for the router and
   * cost-ingestor running in the same JVM. A binder that is {@link AutoCloseable} is closed with
   * the control plane.
   */
  public void bindMetrics(MeterBinder binder) {
    binder.bindTo(meters);
    if (binder instanceof AutoCloseable closeable) {
      resources.add(0, closeable);
    }
  }

  /** The routes served (method and path template). */
  public List<Route> routes() {
    return server.routes();
  }

  @Override
  public void close() {
    LOG.info("Stopping the control plane on port {}", port());
    try {
      server.close();
    } catch (RuntimeException e) {
      LOG.warn("Stopping the HTTP server failed", e);
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", resource.getClass().getSimpleName(), e);
      }
    }
  }

  /** What the control plane runs with; everything but the config is optional. */
  public static final class Builder {
    private final ControlPlaneConfig config;
    private SchemaRegistryClient registry;
    private TopicCatalog topics = TopicCatalog.DEFAULT;
    private CostsBackend costs;
    private ProvidersBackend providers;
    private PrometheusMeterRegistry meters;
    private Clock clock = Clock.systemUTC();
    private InvocationGateway gateway;
    private PolicyStore policies;
    private boolean autoRegisterSchemas = true;
    private final List<Supplier<HealthCheck>> extraChecks = new ArrayList<>();

    private Builder(ControlPlaneConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The schema registry the Avro serdes use (needed unless gateway and policies are given). */
    public Builder schemaRegistry(SchemaRegistryClient value) {
      registry = value;
      return this;
    }

    /** Topic names (default {@link TopicCatalog#DEFAULT}; a prefixed copy in tests). */
    public Builder topics(TopicCatalog value) {
      topics = Objects.requireNonNull(value, "topics");
      return this;
    }

    /** Answers /api/v1/costs; without one, that endpoint answers 503 saying so. */
    public Builder costs(CostsBackend value) {
      costs = value;
      return this;
    }

    /** Answers /api/v1/providers; default: a view of the fiso.provider-stats topic. */
    public Builder providers(ProvidersBackend value) {
      providers = value;
      return this;
    }

    /** A registry shared with other components; default: a new one with JVM metrics bound. */
    public Builder meterRegistry(PrometheusMeterRegistry value) {
      meters = value;
      return this;
    }

    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Replaces the Kafka invocation gateway (tests, or a custom transport). */
    public Builder gateway(InvocationGateway value) {
      gateway = value;
      return this;
    }

    /** Replaces the Kafka policy store (tests). */
    public Builder policies(PolicyStore value) {
      policies = value;
      return this;
    }

    /** Whether the serdes register schemas they do not find (default true). */
    public Builder autoRegisterSchemas(boolean value) {
      autoRegisterSchemas = value;
      return this;
    }

    /**
     * An extra check /readyz reports, e.g. the state of the router's Kafka Streams in {@code fiso
     * dev}.
     */
    public Builder readinessCheck(Supplier<HealthCheck> check) {
      extraChecks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Creates what is missing, binds the port, starts the consumers and the server.
     *
     * @throws ControlPlaneStartException when the port cannot be bound (message names it)
     */
    public ControlPlane start() {
      List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
      try {
        return startInto(resources);
      } catch (RuntimeException e) {
        for (AutoCloseable r : resources) {
          try {
            r.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
    }

    private ControlPlane startInto(List<AutoCloseable> resources) {
      LOG.info("Starting the control plane: {}", config);
      PrometheusMeterRegistry registry = meters;
      if (registry == null) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bindJvmMetrics(registry, resources);
      }
      final PrometheusMeterRegistry reg = registry;
      List<Supplier<HealthCheck>> checks = new ArrayList<>();
      boolean needsKafka = gateway == null || policies == null || providers == null;
      Producer<String, byte[]> producer = null;
      if (needsKafka) {
        if (this.registry == null) {
          throw new IllegalStateException(
              "The control plane needs a schema registry client: call schemaRegistry(...)");
        }
        AdminClient admin =
            AdminClient.create(KafkaClients.admin(config, "fiso-control-plane-admin"));
        resources.add(0, admin);
        bind(reg, new KafkaClientMetrics(admin), resources);
        KafkaReachability kafka =
            new KafkaReachability(admin, config.kafka().get("bootstrap.servers"), clock);
        checks.add(kafka::check);
      }
      if (gateway == null || policies == null) {
        KafkaProducer<String, byte[]> kp =
            new KafkaProducer<>(KafkaClients.producer(config, "fiso-control-plane"));
        producer = kp;
        Producer<String, byte[]> toClose = kp;
        resources.add(() -> toClose.close(Duration.ofSeconds(5)));
        bind(reg, new KafkaClientMetrics(kp), resources);
      }
      InvocationGateway invocations = gateway;
      KafkaInvocationGateway kafkaGateway = null;
      if (invocations == null) {
        kafkaGateway =
            new KafkaInvocationGateway(
                topics.invocations().name(),
                topics.results().name(),
                producer,
                new AvroSerializer<InvocationRequest>(this.registry, false, autoRegisterSchemas),
                new AvroDeserializer<>(this.registry, InvocationResult.class),
                consumers(reg, "fiso-control-plane-results", "latest", resources),
                config.resultsCacheSize(),
                config.maxTimeout(),
                clock);
        invocations = kafkaGateway;
        reg.gauge(
            "fiso.controlplane.invocations.pending",
            kafkaGateway,
            KafkaInvocationGateway::pendingCount);
      }
      resources.add(0, invocations);
      InvocationGateway gw = invocations;
      checks.add(gw::readiness);

      PolicyStore store = policies;
      CompactedTopicView<RoutingPolicy> policyView = null;
      if (store == null) {
        policyView =
            new CompactedTopicView<>(
                topics.policies().name(),
                consumers(reg, "fiso-control-plane-policies", "earliest", resources),
                new AvroDeserializer<>(this.registry, RoutingPolicy.class));
        store =
            new KafkaPolicyStore(
                policyView,
                producer,
                new AvroSerializer<RoutingPolicy>(this.registry, false, autoRegisterSchemas),
                clock);
      }
      resources.add(0, store);
      PolicyStore ps = store;
      checks.add(ps::readiness);

      ProvidersBackend stats = providers;
      CompactedTopicView<ProviderStats> statsView = null;
      if (stats == null) {
        statsView =
            new CompactedTopicView<>(
                topics.providerStats().name(),
                consumers(reg, "fiso-control-plane-provider-stats", "earliest", resources),
                new AvroDeserializer<>(this.registry, ProviderStats.class));
        TopicProvidersBackend topicBackend = new TopicProvidersBackend(statsView);
        resources.add(0, topicBackend);
        stats = topicBackend;
      }
      CostsBackend costBackend =
          costs != null
              ? costs
              : CostsBackend.unavailable(
                  "No cost rollups are wired into this control plane. Costs are aggregated by the"
                      + " cost-ingestor: use `fiso dev` (everything in one process) or `fiso costs`,"
                      + " or query the cost-ingestor's reports.");
      checks.addAll(extraChecks);

      Supplier<List<HealthCheck>> readiness = () -> checks.stream().map(Supplier::get).toList();
      List<Route> routes =
          ControlPlaneApi.routes(
              config, invocations, store, costBackend, stats, readiness, reg, clock);
      ApiServer server = new ApiServer(config, routes, reg); // binds the port: fails fast
      if (kafkaGateway != null) {
        kafkaGateway.start();
      }
      if (policyView != null) {
        policyView.start();
      }
      if (statsView != null) {
        statsView.start();
      }
      server.start();
      if (!config.tokens().enabled()) {
        LOG.warn(
            "No API tokens are configured (api.tokens / FISO_API_TOKENS): authentication is OFF."
                + " Anyone who reaches port {} can invoke functions and change policies."
                + " Fine for development; configure tokens anywhere else.",
            server.port());
      } else if (config.tokens().shortTokens() > 0) {
        LOG.warn(
            "{} API token(s) are shorter than {} characters and easy to guess",
            config.tokens().shortTokens(),
            ApiTokens.RECOMMENDED_MIN_LENGTH);
      }
      LOG.info(
          "Control plane listening on {}:{} (default function {}, timeout {})",
          config.bindAddress(),
          server.port(),
          config.defaultFunction(),
          config.defaultTimeout());
      return new ControlPlane(config, reg, server, resources, readiness);
    }

    private Supplier<Consumer<String, byte[]>> consumers(
        PrometheusMeterRegistry reg, String clientId, String reset, List<AutoCloseable> resources) {
      return () -> {
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(KafkaClients.assignedConsumer(config, clientId, reset));
        bind(reg, new KafkaClientMetrics(consumer, Tags.of(Tag.of("client", clientId))), resources);
        return consumer;
      };
    }

    private static void bind(
        PrometheusMeterRegistry reg, KafkaClientMetrics metrics, List<AutoCloseable> resources) {
      metrics.bindTo(reg);
      resources.add(0, metrics);
    }

    private static void bindJvmMetrics(
        PrometheusMeterRegistry registry, List<AutoCloseable> resources) {
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      resources.add(gc);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
    }
  }
}
