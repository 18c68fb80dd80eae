package io.fiso.schemas.registry;

import io.fiso.schemas.config.FisoSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Makes the registry client that Confluent-style properties describe. */
public final class SchemaRegistryClients {

  /** URL scheme of a registry kept in this JVM, as Confluent's {@code mock://scope}. */
  public static final String MOCK_SCHEME = "mock://";

  private SchemaRegistryClients() {}

  /**
   * {@code schema.registry.url=mock://<scope>} gives the in-JVM registry of that scope ({@link
   * InMemorySchemaRegistry#scope}); http(s) URLs give an {@link HttpSchemaRegistryClient} with the
   * auth, TLS, timeout and retry settings {@link HttpSchemaRegistryClient#fromConfig} reads.
   *
   * @throws ConfigException naming the setting at fault
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    String url = RegistryClientConfig.text(configs, HttpSchemaRegistryClient.URL_CONFIG);
    if (url != null && url.strip().toLowerCase(Locale.ROOT).startsWith(MOCK_SCHEME)) {
      String scope = url.strip().substring(MOCK_SCHEME.length()).split(",")[0].strip();
      if (scope.isEmpty()) {
        throw new ConfigException(
            HttpSchemaRegistryClient.URL_CONFIG, url, "a mock:// URL needs a scope name");
      }
      return InMemorySchemaRegistry.scope(scope);
    }
    return HttpSchemaRegistryClient.fromConfig(configs);
  }

  /**
   * The client FISO's settings describe: {@code schema.registry.url} and every {@code
   * schema.registry.*} setting, passed both with and without the prefix (the client reads some keys
   * each way, as Confluent's does).
   */
  public static SchemaRegistryClient fromSettings(FisoSettings settings) {
    Map<String, Object> config = new HashMap<>();
    settings
        .withPrefix(FisoSettings.SCHEMA_REGISTRY_PREFIX)
        .forEach(
            (k, v) -> {
              config.put(k, v);
              config.put(FisoSettings.SCHEMA_REGISTRY_PREFIX + k, v);
            });
    config.put(FisoSettings.SCHEMA_REGISTRY_URL, settings.schemaRegistryUrl());
    return fromConfig(config);
  }
}
