package io.fiso.devstack.junit;

import io.fiso.devstack.registry.EmbeddedSchemaRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker, schema registry and admin client that every test of this JVM shares. Started on first
 * use by {@link KafkaExtension}, closed when JUnit closes its root context (end of the run).
 */
final class SharedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);

  private final KafkaBackend backend;
  private final String schemaRegistryUrl;
  private final AutoCloseable registry;
  private final Admin admin;

  private SharedKafka(KafkaBackend backend, String schemaRegistryUrl, AutoCloseable registry) {
    this.backend = backend;
    this.schemaRegistryUrl = schemaRegistryUrl;
    this.registry = registry;
    this.admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, backend.bootstrapServers()));
  }

  static SharedKafka start(Map<String, String> env) {
    long started = System.nanoTime();
    BackendChoice choice = BackendChoice.from(env, ContainerBackend::dockerAvailable);
    if (choice.notice() != null) {
      log.warn(choice.notice());
      System.err.println("[fiso] " + choice.notice());
    }
    KafkaBackend backend =
        choice.testcontainers() ? new ContainerBackend(env) : new EmbeddedBackend();
    EmbeddedSchemaRegistry registry = null;
    try {
      // The registry keeps its schemas in _schemas on whichever broker the tests use.
      registry = EmbeddedSchemaRegistry.start(backend.bootstrapServers(), 0);
      SharedKafka shared = new SharedKafka(backend, registry.url(), registry);
      log.info(
          "Tests use {} and the schema registry at {} (ready in {} ms)",
          backend.description(),
          registry.url(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return shared;
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      backend.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return backend.bootstrapServers();
  }

  String schemaRegistryUrl() {
    return schemaRegistryUrl;
  }

  Admin admin() {
    return admin;
  }

  String description() {
    return backend.description();
  }

  @Override
  public void close() {
    admin.close();
    if (registry != null) {
      try {
        registry.close();
      } catch (Exception e) {
        log.warn("Error while stopping the test schema registry", e);
      }
    }
    backend.close();
  }
}
