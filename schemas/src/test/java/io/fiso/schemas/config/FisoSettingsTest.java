package io.fiso.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FisoSettingsTest {

  @TempDir Path dir;

  private FisoSettings.Builder withEnv(Map<String, String> env) {
    return FisoSettings.builder().environment(env);
  }

  @Test
  void defaultsPointAtALocalBrokerAndRegistry() {
    FisoSettings settings = withEnv(Map.of()).build();

    assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
    assertThat(settings.setting("bootstrap.servers").orElseThrow().source())
        .isEqualTo(SettingSource.DEFAULT);
    assertThat(settings.configFile()).isEmpty();
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path file =
        write(
            "fiso.properties",
            "bootstrap.servers=file:1\nschema.registry.url=http://file:8081\nrouter.threads=3\n");
    FisoSettings settings =
        withEnv(
                Map.of(
                    "FISO_BOOTSTRAP_SERVERS",
                    "env:1",
                    "FISO_SCHEMA_REGISTRY_URL",
                    "http://env:8081"))
            .configFile(file)
            .flag("bootstrap.servers", "--bootstrap-servers", "flag:1")
            .flag("schema.registry.url", "--schema-registry-url", null)
            .build();

    assertThat(settings.bootstrapServers()).isEqualTo("flag:1");
    assertThat(settings.setting("bootstrap.servers").orElseThrow().origin())
        .isEqualTo("--bootstrap-servers");
    assertThat(settings.schemaRegistryUrl()).isEqualTo("http://env:8081");
    assertThat(settings.setting("schema.registry.url").orElseThrow().origin())
        .isEqualTo("FISO_SCHEMA_REGISTRY_URL");
    assertThat(settings.intValue("router.threads", 1)).isEqualTo(3);
    assertThat(settings.setting("router.threads").orElseThrow().source())
        .isEqualTo(SettingSource.FILE);
    assertThat(settings.intValue("router.other", 7)).isEqualTo(7);
  }

  @Test
  void kafkaClientSettingsPassThroughFromEnvironmentAndFile() throws IOException {
    Path file =
        write(
            "kafka.properties",
            "kafka.security.protocol=SASL_SSL\nkafka.sasl.mechanism=SCRAM-SHA-512\n");
    FisoSettings settings =
        withEnv(
                Map.of(
                    "FISO_KAFKA_SASL_MECHANISM", "PLAIN",
                    "FISO_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.jks",
                    "FISO_BOOTSTRAP_SERVERS", "b1:9093,b2:9093"))
            .configFile(file)
            .build();

    assertThat(settings.kafkaClientProperties())
        .containsOnly(
            entry("bootstrap.servers", "b1:9093,b2:9093"),
            entry("security.protocol", "SASL_SSL"),
            entry("sasl.mechanism", "PLAIN"),
            entry("ssl.truststore.location", "/etc/kafka/truststore.jks"));
  }

  @Test
  void schemaRegistryClientSettingsPassThroughInConfluentShape() {
    FisoSettings settings =
        withEnv(
                Map.of(
                    "FISO_SCHEMA_REGISTRY_URL", "https://sr.example:8081/",
                    "FISO_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO",
                    "FISO_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "fiso:s3cret",
                    "FISO_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/sr/truststore.p12"))
            .build();

    assertThat(settings.schemaRegistryClientProperties())
        .containsOnly(
            entry("schema.registry.url", "https://sr.example:8081"),
            entry("basic.auth.credentials.source", "USER_INFO"),
            entry("basic.auth.user.info", "fiso:s3cret"),
            entry("schema.registry.ssl.truststore.location", "/etc/sr/truststore.p12"));
  }

  @Test
  void configFileComesFromTheEnvironmentWhenNoFlagNamesOne() throws IOException {
    Path fromEnv = write("env.properties", "bootstrap.servers=from-env-file:9092\n");
    Path fromFlag = write("flag.properties", "bootstrap.servers=from-flag-file:9092\n");

    FisoSettings viaEnv = withEnv(Map.of("FISO_CONFIG_FILE", fromEnv.toString())).build();
    FisoSettings viaFlag =
        withEnv(Map.of("FISO_CONFIG_FILE", fromEnv.toString())).configFile(fromFlag).build();

    assertThat(viaEnv.bootstrapServers()).isEqualTo("from-env-file:9092");
    assertThat(viaEnv.configFile()).contains(fromEnv.toAbsolutePath());
    assertThat(viaFlag.bootstrapServers()).isEqualTo("from-flag-file:9092");
  }

  @Test
  void aMissingConfigFileIsNamedWithWhereItWasGiven() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> withEnv(Map.of()).configFile(missing).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("--config")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> withEnv(Map.of("FISO_CONFIG_FILE", missing.toString())).build())
        .hasMessageContaining("FISO_CONFIG_FILE");
  }

  @Test
  void anInvalidValueNamesTheSettingItsSourceAndTheFix() {
    FisoSettings settings = withEnv(Map.of("FISO_ROUTER_THREADS", "many")).build();

    assertThatThrownBy(() -> settings.intValue("router.threads", 1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("router.threads")
        .hasMessageContaining("'many'")
        .hasMessageContaining("environment variable FISO_ROUTER_THREADS")
        .hasMessageContaining("an integer");
  }

  @Test
  void aMissingRequiredSettingSaysEveryWayToSetIt() {
    FisoSettings settings = withEnv(Map.of()).flag("policy.file", "--file", null).build();

    assertThatThrownBy(() -> settings.require("policy.file"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Missing setting policy.file")
        .hasMessageContaining("--file")
        .hasMessageContaining("FISO_POLICY_FILE")
        .hasMessageContaining("policy.file=...");
  }

  @Test
  void badBootstrapServersAndRegistryUrlAreRejectedWithTheirSource() throws IOException {
    Path file = write("bad.properties", "schema.registry.url=localhost:8081\n");
    FisoSettings settings =
        withEnv(Map.of())
            .configFile(file)
            .flag("bootstrap.servers", "--bootstrap-servers", "broker")
            .build();

    assertThatThrownBy(settings::bootstrapServers)
        .hasMessageContaining("bootstrap.servers")
        .hasMessageContaining("'broker'")
        .hasMessageContaining("the flag --bootstrap-servers");
    assertThatThrownBy(settings::schemaRegistryUrl)
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("http(s) URL");
  }

  @Test
  void secretsNeverAppearInToStringOrErrors() {
    String jaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";";
    FisoSettings settings =
        withEnv(
                Map.of(
                    "FISO_KAFKA_SASL_JAAS_CONFIG", jaas,
                    "FISO_API_TOKEN_TTL", "hunter2",
                    "FISO_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "fiso:hunter2"))
            .build();

    assertThat(settings.toString()).doesNotContain("hunter2").contains("sasl.jaas.config=[hidden]");
    assertThat(settings.setting("kafka.sasl.jaas.config").orElseThrow().toString())
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> settings.duration("api.token.ttl", Duration.ZERO))
        .hasMessageContaining("api.token.ttl")
        .hasMessageNotContaining("hunter2");
    // The real value is still handed to the client.
    assertThat(settings.kafkaClientProperties()).containsEntry("sasl.jaas.config", jaas);
  }

  @Test
  void durationsEnumsAndBooleansParse() {
    FisoSettings settings =
        withEnv(
                Map.of(
                    "FISO_A", "500ms",
                    "FISO_B", "PT2M",
                    "FISO_C", "3h",
                    "FISO_UNIT", "seconds",
                    "FISO_FLAG", "TRUE",
                    "FISO_BAD", "10"))
            .build();

    assertThat(settings.duration("a", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.duration("b", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.duration("c", Duration.ZERO)).isEqualTo(Duration.ofHours(3));
    assertThat(settings.enumValue("unit", TimeUnit.class, TimeUnit.DAYS))
        .isEqualTo(TimeUnit.SECONDS);
    assertThat(settings.booleanValue("flag", false)).isTrue();
    assertThatThrownBy(() -> settings.duration("bad", Duration.ZERO)).hasMessageContaining("500ms");
    assertThatThrownBy(() -> settings.booleanValue("unit", false))
        .hasMessageContaining("true or false");
  }

  @Test
  void environmentVariablesThatSteerToolsAreNotSettings() {
    FisoSettings settings =
        withEnv(Map.of("FISO_JAVA_OPTS", "-Xmx1g", "FISO_TEST_KAFKA", "testcontainers")).build();

    assertThat(settings.optional("java.opts")).isEmpty();
    assertThat(settings.optional("test.kafka")).isEmpty();
  }

  @Test
  void envNamesMapToKeysAndBack() {
    assertThat(FisoSettings.keyOf("FISO_KAFKA_SASL_MECHANISM")).isEqualTo("kafka.sasl.mechanism");
    assertThat(FisoSettings.envName("kafka.security.protocol"))
        .isEqualTo("FISO_KAFKA_SECURITY_PROTOCOL");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
