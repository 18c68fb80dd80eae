package io.fiso.bench.harness;

import io.fiso.devstack.kafka.EmbeddedKafka;
import io.fiso.devstack.registry.EmbeddedSchemaRegistry;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster and schema registry a benchmark runs against: by default a real single-node
 * KRaft broker and a schema registry inside this JVM (the same ones {@code fiso dev} uses), or an
 * existing cluster given by its bootstrap servers (then the registry is the one given, or an in-JVM
 * in-memory one that only this process uses).
 */
public final class BenchCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BenchCluster.class);

  /**
   * Broker settings on top of devstack's: a share group member learns its assignment at its next
   * heartbeat, every 5 s by default, which would make every worker run wait seconds before its
   * first record. Benchmarks measure steady state; this only shortens the start.
   */
  public static final Map<String, String> BROKER_SETTINGS =
      Map.of(
          "group.share.min.heartbeat.interval.ms", "500",
          "group.share.heartbeat.interval.ms", "500");

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry embeddedRegistry;
  private final String bootstrapServers;
  private final String registryUrl;
  private final Map<String, Object> clientProps;
  private final Admin admin;
  private final SchemaRegistryClient registry;
  private final String description;

  private BenchCluster(
      EmbeddedKafka kafka,
      EmbeddedSchemaRegistry embeddedRegistry,
      String bootstrapServers,
      String registryUrl,
      Map<String, String> extraClientProps,
      String description) {
    this.kafka = kafka;
    this.embeddedRegistry = embeddedRegistry;
    this.bootstrapServers = bootstrapServers;
    this.registryUrl = registryUrl;
    Map<String, Object> props = new LinkedHashMap<>(extraClientProps);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.clientProps = Map.copyOf(props);
    this.admin = Admin.create(clientProps);
    this.registry = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", registryUrl));
    this.description = description;
  }

  /**
   * Starts the embedded broker and registry, or connects to an existing cluster.
   *
   * @param bootstrapServers an existing cluster, or null/blank for the embedded one
   * @param registryUrl the existing cluster's schema registry, or null
   * @param extraClientProps client settings for every client (SASL, TLS, ...)
   */
  public static BenchCluster start(
      String bootstrapServers, String registryUrl, Map<String, String> extraClientProps) {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      String url =
          registryUrl == null || registryUrl.isBlank()
              ? SchemaRegistryClients.MOCK_SCHEME + "fiso-bench"
              : registryUrl;
      return new BenchCluster(
          null,
          null,
          bootstrapServers,
          url,
          extraClientProps,
          "external cluster at " + bootstrapServers + ", schema registry " + url);
    }
    long t0 = System.nanoTime();
    EmbeddedKafka kafka =
        EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withBrokerProperties(BROKER_SETTINGS));
    EmbeddedSchemaRegistry registry;
    try {
      registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    log.info(
        "Embedded Kafka {} and schema registry {} up in {} ms",
        kafka.bootstrapServers(),
        registry.url(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return new BenchCluster(
        kafka,
        registry,
        kafka.bootstrapServers(),
        registry.url(),
        extraClientProps,
        "embedded single-node KRaft broker (Kafka "
            + EmbeddedKafka.kafkaVersion()
            + ") and embedded schema registry, in the benchmark's JVM");
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String registryUrl() {
    return registryUrl;
  }

  /** Bootstrap servers plus the pass-through settings, for any Kafka client. */
  public Map<String, Object> clientProps() {
    return clientProps;
  }

  public Admin admin() {
    return admin;
  }

  public SchemaRegistryClient registry() {
    return registry;
  }

  public boolean embedded() {
    return kafka != null;
  }

  public String describe() {
    return description;
  }

  /**
   * Creates topics (replication factor 1 on the embedded broker, the cluster default otherwise).
   */
  public void createTopics(Map<String, Integer> partitionsByName, Map<String, String> configs) {
    List<NewTopic> topics = new ArrayList<>();
    partitionsByName.forEach(
        (name, partitions) ->
            topics.add(
                new NewTopic(
                        name,
                        java.util.Optional.of(partitions),
                        embedded() ? java.util.Optional.of((short) 1) : java.util.Optional.empty())
                    .configs(configs)));
    try {
      for (var e : admin.createTopics(topics).values().entrySet()) {
        try {
          e.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create benchmark topic " + e.getKey() + ": " + ex.getCause(), ex);
          }
        }
      }
      awaitLeaders(partitionsByName);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Creating benchmark topics timed out: " + topics, e);
    }
  }

  /** Returns once every new partition's leader serves requests (see TopicAdmin.awaitWritable). */
  private void awaitLeaders(Map<String, Integer> partitionsByName)
      throws InterruptedException, java.util.concurrent.TimeoutException {
    io.fiso.schemas.topic.TopicAdmin.awaitWritable(
        admin, partitionsByName, java.time.Duration.ofSeconds(60));
  }

  /** Creates catalog topics with their partitions and configs (compaction, retention). */
  public void createTopics(java.util.List<io.fiso.schemas.topic.TopicSpec<?>> specs) {
    for (io.fiso.schemas.topic.TopicSpec<?> spec : specs) {
      createTopics(Map.of(spec.name(), spec.partitions()), spec.configs());
    }
  }

  /** Deletes topics a run made, best effort (keeps the embedded broker's disk small). */
  public void deleteTopics(Collection<String> names) {
    if (names.isEmpty()) {
      return;
    }
    try {
      admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("Could not delete benchmark topics {}: {}", names, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A producer of raw bytes with the given settings on top of the cluster's. */
  public KafkaProducer<byte[], byte[]> producer(Map<String, Object> settings) {
    Map<String, Object> props = new HashMap<>(clientProps);
    props.putAll(settings);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Writes {@code count} records made by {@code record} to {@code topic} as fast as possible. */
  public void preload(String topic, long count, IntFunction<OpenLoop.Prepared> record) {
    try (KafkaProducer<byte[], byte[]> p =
        producer(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "none",
                ProducerConfig.CLIENT_ID_CONFIG,
                "bench-preload"))) {
      java.util.concurrent.atomic.AtomicReference<Exception> failed =
          new java.util.concurrent.atomic.AtomicReference<>();
      for (int i = 0; i < count && failed.get() == null; i++) {
        OpenLoop.Prepared r = record.apply(i);
        p.send(
            new ProducerRecord<>(topic, r.key(), r.value()),
            (md, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              }
            });
      }
      p.flush();
      if (failed.get() != null) {
        throw new IllegalStateException(
            "Cannot write the backlog to " + topic + ": " + failed.get(), failed.get());
      }
    }
  }

  @Override
  public void close() {
    admin.close();
    if (embeddedRegistry != null) {
      embeddedRegistry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
