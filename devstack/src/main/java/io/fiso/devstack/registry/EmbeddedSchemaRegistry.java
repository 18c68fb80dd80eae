package io.fiso.devstack.registry;

import com.sun.net.httpserver.HttpServer;
import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry in this JVM that speaks Confluent Schema Registry's REST API (see {@link
 * SchemaRegistryApi}) over HTTP, so that any Confluent client, in any language, works against it
 * unchanged.
 *
 * <p>Semantics are Confluent's ({@link InMemorySchemaRegistry}): the same schema gets the same id
 * in every subject, versions count from 1 per subject, BACKWARD compatibility by default.
 *
 * <p>Durability: every change (a new version, a soft delete, a compatibility level) is written to
 * the compacted single-partition topic {@code _schemas} (created when missing) and acknowledged by
 * the broker (acks=all) before the request is answered; at start-up the topic is read to its end
 * before the first request is served. So a registry restarted on the same broker data resolves
 * every id to the same schema and continues the id sequence. The records are JSON, in the layout
 * Confluent's registry uses for its own store topic ({@link SchemaLogFormat}):
 *
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"orders-value","version":1,"magic":1}
 * value {"subject":"orders-value","version":1,"id":7,"schema":"{...}","deleted":false}
 * key   {"keytype":"CONFIG","subject":null,"magic":0}      value {"compatibilityLevel":"FULL"}
 * </pre>
 *
 * <p>One registry writes to a topic at a time (there is no leader election between instances).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.defaults());
 *     EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
 *   props.put("schema.registry.url", registry.url());
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  static {
    // The JDK HTTP server leaves Nagle's algorithm on: small responses then wait ~40 ms for the
    // client's delayed ACK. Read once, when the first server starts.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

  /** Confluent's default store topic. */
  public static final String DEFAULT_TOPIC = "_schemas";

  /**
   * How to run the registry.
   *
   * @param bootstrapServers the Kafka cluster holding the store topic; null keeps schemas only in
   *     memory (nothing survives a restart; for tests of the HTTP API)
   * @param port the HTTP port; 0 picks a free one
   * @param bindAddress the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
   * @param topic the store topic (default {@value #DEFAULT_TOPIC})
   * @param replicationFactor of the store topic when it is created (default 1)
   * @param kafkaProperties extra client settings for the store's Kafka clients (SASL, TLS, ...)
   * @param timeout for Kafka operations: topic creation, replay, each write
   */
  public record Config(
      String bootstrapServers,
      int port,
      String bindAddress,
      String topic,
      short replicationFactor,
      Map<String, Object> kafkaProperties,
      Duration timeout) {

    public Config {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "port must be between 0 (pick a free port) and 65535, not " + port);
      }
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("topic must be a topic name, e.g. " + DEFAULT_TOPIC);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException(
            "replicationFactor must be at least 1, not " + replicationFactor);
      }
      kafkaProperties = Map.copyOf(Objects.requireNonNull(kafkaProperties, "kafkaProperties"));
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Schemas in {@value #DEFAULT_TOPIC} on this cluster, a free port on 127.0.0.1. */
    public static Config kafka(String bootstrapServers) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      return new Config(
          bootstrapServers,
          0,
          "127.0.0.1",
          DEFAULT_TOPIC,
          (short) 1,
          Map.of(),
          Duration.ofSeconds(30));
    }

    /** Schemas in memory only (lost on close), a free port on 127.0.0.1. */
    public static Config inMemory() {
      return new Config(
          null, 0, "127.0.0.1", DEFAULT_TOPIC, (short) 1, Map.of(), Duration.ofSeconds(30));
    }

    public Config withPort(int newPort) {
      return new Config(
          bootstrapServers,
          newPort,
          bindAddress,
          topic,
          replicationFactor,
          kafkaProperties,
          timeout);
    }

    public Config withBindAddress(String address) {
      return new Config(
          bootstrapServers, port, address, topic, replicationFactor, kafkaProperties, timeout);
    }

    public Config withTopic(String newTopic) {
      return new Config(
          bootstrapServers,
          port,
          bindAddress,
          newTopic,
          replicationFactor,
          kafkaProperties,
          timeout);
    }

    public Config withReplicationFactor(short factor) {
      return new Config(
          bootstrapServers, port, bindAddress, topic, factor, kafkaProperties, timeout);
    }

    /** Adds a Kafka client setting for the store (e.g. security.protocol, sasl.jaas.config). */
    public Config withKafkaProperty(String key, Object value) {
      Map<String, Object> merged = new LinkedHashMap<>(kafkaProperties);
      merged.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return new Config(
          bootstrapServers, port, bindAddress, topic, replicationFactor, merged, timeout);
    }

    public Config withTimeout(Duration newTimeout) {
      return new Config(
          bootstrapServers,
          port,
          bindAddress,
          topic,
          replicationFactor,
          kafkaProperties,
          newTimeout);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final KafkaSchemaStore store;
  private final int port;
  private final String url;
  private boolean closed;

  private EmbeddedSchemaRegistry(
      HttpServer server, ExecutorService executor, KafkaSchemaStore store) {
    this.server = server;
    this.executor = executor;
    this.store = store;
    this.port = server.getAddress().getPort();
    this.url = "http://localhost:" + port;
  }

  /**
   * Starts a registry keeping its schemas in {@value #DEFAULT_TOPIC} on this cluster.
   *
   * @param port the HTTP port, 0 for a free one
   * @throws IllegalStateException naming the port when it is in use, or the topic when it cannot be
   *     used
   */
  public static EmbeddedSchemaRegistry start(String bootstrapServers, int port) {
    return start(Config.kafka(bootstrapServers).withPort(port));
  }

  /** Starts a registry as configured; returns once it serves requests. */
  public static EmbeddedSchemaRegistry start(Config config) {
    Objects.requireNonNull(config, "config");
    long started = System.nanoTime();
    HttpServer server = bind(config);
    KafkaSchemaStore store = null;
    ExecutorService executor = null;
    try {
      InMemorySchemaRegistry state;
      int replayed = 0;
      if (config.bootstrapServers() == null) {
        state = new InMemorySchemaRegistry();
      } else {
        store =
            new KafkaSchemaStore(
                config.bootstrapServers(),
                config.topic(),
                config.replicationFactor(),
                config.kafkaProperties(),
                config.timeout());
        store.ensureTopic();
        PersistentSchemaRegistry persistent = new PersistentSchemaRegistry(store);
        replayed = store.replay(persistent);
        state = persistent;
      }
      executor = Executors.newFixedThreadPool(4, daemonThreads());
      server.setExecutor(executor);
      server.createContext("/", new SchemaRegistryApi(state));
      server.start();
      EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, store);
      log.info(
          "Schema registry serving {} ({}, {} records replayed, {} subjects) in {} ms",
          registry.url,
          store == null
              ? "in memory"
              : "topic " + store.topic() + " at " + config.bootstrapServers(),
          replayed,
          state.getSubjects().size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return registry;
    } catch (RuntimeException e) {
      server.stop(0);
      if (executor != null) {
        executor.shutdownNow();
      }
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  private static HttpServer bind(Config config) {
    InetAddress address;
    try {
      address = InetAddress.getByName(config.bindAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "Cannot resolve the schema registry's bind address " + config.bindAddress(), e);
    }
    try {
      return HttpServer.create(new InetSocketAddress(address, config.port()), 50);
    } catch (BindException e) {
      throw new IllegalStateException(
          "Cannot start the schema registry on port "
              + config.port()
              + " ("
              + config.bindAddress()
              + "): the port is already in use. Stop what uses it, choose another port, or use 0"
              + " for a free one.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the schema registry on port " + config.port() + ": " + e.getMessage(), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "fiso-schema-registry-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code http://localhost:PORT}, for {@code schema.registry.url}. */
  public String url() {
    return url;
  }

  /** The HTTP port. */
  public int port() {
    return port;
  }

  /** Stops serving and releases the port. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    if (store != null) {
      store.close();
    }
    log.debug("Schema registry at {} stopped", url);
  }

  @Override
  public String toString() {
    return "EmbeddedSchemaRegistry["
        + url
        + (store == null ? ", in memory" : ", topic " + store.topic())
        + "]";
  }

  /** The registry's state machine, persisting each change to the store before applying it. */
  private static final class PersistentSchemaRegistry extends InMemorySchemaRegistry {
    private final KafkaSchemaStore store;

    PersistentSchemaRegistry(KafkaSchemaStore store) {
      this.store = store;
    }

    @Override
    protected void onChange(Entry entry) {
      store.write(entry);
    }

    @Override
    protected void onCompatibilityChange(String subject, CompatibilityLevel level) {
      store.write(subject, level);
    }
  }
}
