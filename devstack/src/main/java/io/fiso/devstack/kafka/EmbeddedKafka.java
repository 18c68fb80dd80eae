package io.fiso.devstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker and controller in one) running inside this JVM, the same
 * server code as {@code kafka-server-start.sh}. Share groups, the Streams rebalance protocol and
 * transactions work; every internal topic has replication factor 1.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.defaults())) {
 *   String bootstrap = kafka.bootstrapServers(); // e.g. 127.0.0.1:40123
 * }
 * }</pre>
 *
 * <p>With no data directory, the broker keeps its data in a temporary directory deleted on {@link
 * #close()}. With one, the data stays and a later start on the same directory serves the same
 * topics and records (the directory is formatted only the first time).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String LOG_DIR = "kraft-logs";
  private static final int START_ATTEMPTS_WITH_FREE_PORTS = 3;

  /**
   * How to run the broker.
   *
   * @param port the client (PLAINTEXT) port on 127.0.0.1; 0 picks a free one
   * @param controllerPort the KRaft controller port on 127.0.0.1; 0 picks a free one
   * @param dataDir where logs and metadata live; {@code null} = a temporary directory deleted on
   *     close; a given directory is kept and reused by the next start
   * @param brokerProperties broker settings that override FISO's single-node defaults
   * @param startTimeout how long to wait for the broker to serve
   */
  public record Config(
      int port,
      int controllerPort,
      Path dataDir,
      Map<String, String> brokerProperties,
      Duration startTimeout) {

    public Config {
      checkPort("port", port);
      checkPort("controllerPort", controllerPort);
      if (port != 0 && port == controllerPort) {
        throw new IllegalArgumentException(
            "port and controllerPort are both " + port + ": the broker needs two distinct ports");
      }
      brokerProperties = Map.copyOf(Objects.requireNonNull(brokerProperties, "brokerProperties"));
      Objects.requireNonNull(startTimeout, "startTimeout");
    }

    /** Free ports, a temporary data directory, FISO's single-node settings, 60 s to start. */
    public static Config defaults() {
      return new Config(0, 0, null, Map.of(), Duration.ofSeconds(60));
    }

    public Config withPort(int newPort) {
      return new Config(newPort, controllerPort, dataDir, brokerProperties, startTimeout);
    }

    public Config withControllerPort(int newControllerPort) {
      return new Config(port, newControllerPort, dataDir, brokerProperties, startTimeout);
    }

    /** Keeps the data in {@code dir} (created if missing) across restarts; null = temporary. */
    public Config withDataDir(Path dir) {
      return new Config(port, controllerPort, dir, brokerProperties, startTimeout);
    }

    /** Adds or replaces one broker setting, e.g. {@code ("log.retention.hours", "1")}. */
    public Config withBrokerProperty(String key, String value) {
      Map<String, String> merged = new LinkedHashMap<>(brokerProperties);
      merged.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return new Config(port, controllerPort, dataDir, merged, startTimeout);
    }

    /** Adds or replaces several broker settings. */
    public Config withBrokerProperties(Map<String, String> properties) {
      Map<String, String> merged = new LinkedHashMap<>(brokerProperties);
      merged.putAll(properties);
      return new Config(port, controllerPort, dataDir, merged, startTimeout);
    }

    public Config withStartTimeout(Duration timeout) {
      return new Config(port, controllerPort, dataDir, brokerProperties, timeout);
    }

    private static void checkPort(String name, int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException(
            name + " must be between 0 (pick a free port) and 65535, not " + value);
      }
    }
  }

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final String clusterId;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server,
      int port,
      int controllerPort,
      Path dataDir,
      boolean deleteOnClose,
      String clusterId) {
    this.server = server;
    this.port = port;
    this.controllerPort = controllerPort;
    this.bootstrapServers = BrokerSettings.HOST + ":" + port;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.clusterId = clusterId;
    // Ctrl-C or a plain JVM exit still stops the broker cleanly (and deletes a temporary dir).
    this.shutdownHook = new Thread(this::close, "fiso-embedded-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Formats the data directory if needed, starts the broker and returns once it answers clients.
   *
   * @throws EmbeddedKafkaException naming the port when it is taken, the directory when it cannot
   *     be used, or the timeout when the broker did not come up
   */
  public static EmbeddedKafka start(Config config) {
    Objects.requireNonNull(config, "config");
    long started = System.nanoTime();
    KafkaLogging.quietBrokerLoggers();
    boolean temporary = config.dataDir() == null;
    Path dataDir = temporary ? createTempDir() : createDir(config.dataDir());
    try {
      EmbeddedKafka kafka = startIn(config, dataDir, temporary);
      log.debug(
          "Embedded Kafka started in {} ms at {} (data in {})",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          kafka.bootstrapServers,
          dataDir);
      return kafka;
    } catch (RuntimeException e) {
      if (temporary) {
        deleteRecursively(dataDir);
      }
      throw e;
    }
  }

  private static EmbeddedKafka startIn(Config config, Path dataDir, boolean temporary) {
    Path logDir = dataDir.resolve(LOG_DIR);
    boolean freePorts = config.port() == 0 || config.controllerPort() == 0;
    int attempts = freePorts ? START_ATTEMPTS_WITH_FREE_PORTS : 1;
    for (int attempt = 1; ; attempt++) {
      int port = Ports.resolve("port", config.port());
      int controllerPort = Ports.resolve("controllerPort", config.controllerPort(), port);
      Properties props = BrokerSettings.of(port, controllerPort, logDir, config.brokerProperties());
      KafkaConfig kafkaConfig;
      try {
        kafkaConfig = KafkaConfig.fromProps(props, false);
      } catch (RuntimeException e) {
        throw new EmbeddedKafkaException(
            "Invalid embedded broker setting: "
                + e.getMessage()
                + " (check the broker properties passed to EmbeddedKafka.Config)",
            e);
      }
      String clusterId = formatIfNeeded(kafkaConfig, logDir);
      KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
      try {
        server.startup();
        awaitServing(BrokerSettings.HOST + ":" + port, config.startTimeout());
        return new EmbeddedKafka(server, port, controllerPort, dataDir, temporary, clusterId);
      } catch (RuntimeException e) {
        stopQuietly(server);
        BindException bind = causeOfType(e, BindException.class);
        if (bind != null && attempt < attempts) {
          log.debug("A free port was taken before the broker bound it; retrying", e);
          continue;
        }
        if (bind != null) {
          throw new EmbeddedKafkaException(
              "Cannot start the embedded Kafka broker: port "
                  + port
                  + " or controller port "
                  + controllerPort
                  + " on "
                  + BrokerSettings.HOST
                  + " is already in use ("
                  + bind.getMessage()
                  + "). Stop what uses it or choose other ports (0 = any free port).",
              e);
        }
        if (e instanceof EmbeddedKafkaException) {
          throw e;
        }
        throw new EmbeddedKafkaException(
            "The embedded Kafka broker in " + dataDir + " failed to start: " + rootMessage(e), e);
      }
    }
  }

  /** Formats {@code logDir} unless it already is, and returns the cluster id stored there. */
  private static String formatIfNeeded(KafkaConfig kafkaConfig, Path logDir) {
    Path meta = logDir.resolve("meta.properties");
    if (Files.exists(meta)) {
      String existing = readClusterId(meta);
      log.debug("Reusing formatted Kafka storage {} (cluster {})", logDir, existing);
      return existing;
    }
    String clusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(kafkaConfig.nodeId())
          .setClusterId(clusterId)
          .setWriteBootstrapSnapshot(true)
          .setUnstableFeatureVersionsEnabled(false)
          .setIgnoreFormatted(false)
          .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toString())
          .setHasDynamicQuorum(false)
          .addDirectory(logDir.toString())
          .run();
    } catch (Exception e) {
      throw new EmbeddedKafkaException(
          "Cannot format Kafka storage in " + logDir + ": " + rootMessage(e), e);
    }
    log.debug(
        "Formatted Kafka storage {}: {}",
        logDir,
        out.toString(StandardCharsets.UTF_8).trim().replace(System.lineSeparator(), "; "));
    return clusterId;
  }

  private static String readClusterId(Path meta) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      props.load(in);
    } catch (IOException e) {
      throw new EmbeddedKafkaException("Cannot read " + meta + ": " + e.getMessage(), e);
    }
    String id = props.getProperty("cluster.id");
    if (id == null) {
      throw new EmbeddedKafkaException(
          meta + " has no cluster.id: the directory is not Kafka storage; use an empty directory");
    }
    return id;
  }

  private static void awaitServing(String bootstrapServers, Duration timeout) {
    Map<String, Object> adminProps =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(timeout.toMillis(), 30_000));
    try (Admin admin = Admin.create(adminProps)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new EmbeddedKafkaException(
              "The embedded Kafka broker at "
                  + bootstrapServers
                  + " did not serve within "
                  + timeout
                  + "; raise EmbeddedKafka.Config.startTimeout on a slow machine");
        }
        try {
          if (!admin.describeCluster().nodes().get(left, TimeUnit.NANOSECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          log.debug("Broker at {} not serving yet: {}", bootstrapServers, e.toString());
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedKafkaException("Interrupted while waiting for the embedded broker", e);
    }
  }

  /** The Kafka version of the server and client jars on the class path, e.g. {@code 4.4.0}. */
  public static String kafkaVersion() {
    try (InputStream in =
        Admin.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
      Properties props = new Properties();
      if (in != null) {
        props.load(in);
      }
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code host:port} for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client port the broker listens on. */
  public int port() {
    return port;
  }

  /** The KRaft controller port. */
  public int controllerPort() {
    return controllerPort;
  }

  /** The directory holding this broker's data (temporary unless configured). */
  public Path dataDir() {
    return dataDir;
  }

  /** The cluster id written when the data directory was formatted. */
  public String clusterId() {
    return clusterId;
  }

  /**
   * Leaves stopping the broker to the caller: removes the JVM shutdown hook that would otherwise
   * stop it as soon as the JVM shuts down. An owner that stops its own clients first (as {@code
   * fiso dev} does: Streams apps must commit before their broker goes) calls this, or the broker
   * can vanish under a committing client and hold the shutdown up for its timeouts.
   */
  public void detachShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: too late to detach.
    }
  }

  /** Stops the broker, releases its ports and deletes a temporary data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down.
      }
    }
    long started = System.nanoTime();
    stopQuietly(server);
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
    log.debug(
        "Embedded Kafka at {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers + ", data " + dataDir + "]";
  }

  private static void stopQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Error while stopping the embedded Kafka broker", e);
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("fiso-kafka-");
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "Cannot create a temporary directory for the embedded broker: " + e.getMessage(), e);
    }
  }

  private static Path createDir(Path dir) {
    try {
      return Files.createDirectories(dir).toAbsolutePath();
    } catch (IOException e) {
      throw new EmbeddedKafkaException(
          "Cannot create the broker data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(EmbeddedKafka::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete the temporary broker directory {}: {}", dir, e.toString());
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }
}
