package io.fiso.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.schemas.registry.StubHttpServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSchemaRegistryClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema ORDER = InMemorySchemaRegistryTest.V1;

  @TempDir static Path tls;
  static Path keystore;

  private final List<StubHttpServer> servers = new ArrayList<>();

  @BeforeAll
  static void makeSelfSignedCertificate() throws Exception {
    keystore = tls.resolve("registry.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as("keytool: " + output).isZero();
  }

  @AfterEach
  void stopServers() {
    servers.forEach(StubHttpServer::close);
  }

  private StubHttpServer serve(java.util.function.Function<StubHttpServer.Recorded, Reply> script) {
    StubHttpServer server = StubHttpServer.http(script);
    servers.add(server);
    return server;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static HttpSchemaRegistryClient.Builder quick(String... urls) {
    return HttpSchemaRegistryClient.builder(urls)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .requestTimeout(Duration.ofSeconds(10));
  }

  @Test
  void registersWithConfluentsRequestFormatAndAsksOnce() throws IOException {
    StubHttpServer server = serve(r -> Reply.ok("{\"id\": 21}"));
    HttpSchemaRegistryClient client = quick(server.url()).build();

    assertThat(client.register("orders-value", ORDER)).isEqualTo(21);
    assertThat(client.register("orders-value", ORDER)).isEqualTo(21);
    assertThat(client.getById(21)).isEqualTo(ORDER);

    assertThat(server.requests).hasSize(1);
    StubHttpServer.Recorded request = server.requests.get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/subjects/orders-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
    assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(ORDER.toString());
  }

  @Test
  void schemaByIdIsFetchedOnceEvenByManyThreadsAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    StubHttpServer server =
        serve(
            r -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Reply.ok(json(Map.of("schema", ORDER.toString())));
            });
    HttpSchemaRegistryClient client = quick(server.url()).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Schema>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit((Callable<Schema>) () -> client.getById(5)));
      }
      release.countDown();
      for (Future<Schema> f : results) {
        assertThat(f.get()).isEqualTo(ORDER);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(client.getById(5)).isEqualTo(ORDER);
    assertThat(server.count("GET", "/schemas/ids/5")).isEqualTo(1);
  }

  @Test
  void lookupReadsTheVersionAndAnswersLaterRegistrationsFromTheCache() {
    StubHttpServer server =
        serve(
            r ->
                Reply.ok(
                    json(
                        Map.of(
                            "subject",
                            "orders-value",
                            "version",
                            3,
                            "id",
                            8,
                            "schema",
                            ORDER.toString()))));
    HttpSchemaRegistryClient client = quick(server.url()).build();

    assertThat(client.lookup("orders-value", ORDER))
        .isEqualTo(new SchemaVersion("orders-value", 3, 8, ORDER));
    assertThat(client.lookup("orders-value", ORDER).id()).isEqualTo(8);
    assertThat(client.register("orders-value", ORDER)).isEqualTo(8);
    assertThat(client.getById(8)).isEqualTo(ORDER);

    assertThat(server.requests)
        .extracting(StubHttpServer.Recorded::path)
        .containsExactly("/subjects/orders-value");
  }

  @Test
  void errorsCarryConfluentsCodeAndAClientErrorIsNeverRetried() {
    StubHttpServer server = serve(r -> Reply.error(404, 40403, "Schema 77 not found"));
    HttpSchemaRegistryClient client = quick(server.url()).maxRetries(3).build();

    assertThatThrownBy(() -> client.getById(77))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.getMessage())
                  .contains("Schema 77 not found")
                  .contains("/schemas/ids/77");
              assertThat(e.isRetriable()).isFalse();
            });
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void incompatibleIsRecognisedWithOldAndNewErrorCodes() {
    StubHttpServer old =
        serve(r -> Reply.error(409, 409, "Schema being registered is incompatible"));
    StubHttpServer recent =
        serve(r -> Reply.error(409, 40901, "Schema being registered is incompatible"));

    assertThatThrownBy(() -> quick(old.url()).build().register("s", ORDER))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
    assertThatThrownBy(() -> quick(recent.url()).build().register("s", ORDER))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
  }

  @Test
  void serverErrorsAreRetriedWithBackoff() {
    AtomicInteger calls = new AtomicInteger();
    StubHttpServer server =
        serve(
            r ->
                calls.incrementAndGet() <= 2
                    ? Reply.error(503, 50003, "Error while forwarding the request to the leader")
                    : Reply.ok("{\"id\": 4}"));
    HttpSchemaRegistryClient client = quick(server.url()).maxRetries(3).build();

    assertThat(client.register("orders-value", ORDER)).isEqualTo(4);
    assertThat(server.requests).hasSize(3);
  }

  @Test
  void retriesAreBounded() {
    StubHttpServer server = serve(r -> Reply.error(500, 50001, "Error in the backend datastore"));
    HttpSchemaRegistryClient client = quick(server.url()).maxRetries(2).build();

    assertThatThrownBy(() -> client.getSubjects())
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(50001);
              assertThat(e.isRetriable()).isTrue();
            });
    assertThat(server.requests).hasSize(3);
  }

  @Test
  void aRegistryThatDoesNotAnswerIsReportedAfterTheRetries() throws IOException {
    String dead = "http://localhost:" + freePort();
    HttpSchemaRegistryClient client = quick(dead).maxRetries(2).build();

    assertThatThrownBy(() -> client.getById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isZero();
              assertThat(e.isRetriable()).isTrue();
              assertThat(e.getMessage()).contains(dead).contains("after 3 attempts");
              assertThat(e.getCause()).isInstanceOf(IOException.class);
            });
  }

  @Test
  void failsOverToTheNextUrlAndStaysThere() throws IOException {
    StubHttpServer live = serve(r -> Reply.ok("[\"orders-value\"]"));
    String dead = "http://localhost:" + freePort();
    HttpSchemaRegistryClient client = quick(dead + "," + live.url()).maxRetries(0).build();

    assertThat(client.getSubjects()).containsExactly("orders-value");
    assertThat(client.getSubjects()).containsExactly("orders-value");
    assertThat(live.requests).hasSize(2);
    assertThat(client.urls()).hasSize(2);
  }

  @Test
  void requestTimeoutEndsASlowCall() {
    CountDownLatch never = new CountDownLatch(1);
    StubHttpServer slow =
        serve(
            r -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Reply.ok("[]");
            });
    HttpSchemaRegistryClient client =
        quick(slow.url()).requestTimeout(Duration.ofMillis(200)).maxRetries(0).build();

    assertThatThrownBy(client::getSubjects)
        .isInstanceOf(SchemaRegistryException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void basicAuthFromUserInfoIsSentButNeverPrinted() {
    StubHttpServer server = serve(r -> Reply.ok("[]"));
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", server.url());
    config.put("basic.auth.credentials.source", "USER_INFO");
    config.put("basic.auth.user.info", "fiso:s3cr:et");
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.fromConfig(config);

    client.getSubjects();

    assertThat(server.requests.get(0).auth())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("fiso:s3cr:et".getBytes(StandardCharsets.UTF_8)));
    assertThat(client.toString()).contains("fiso").doesNotContain("s3cr");
  }

  @Test
  void userInfoWithoutACredentialsSourceIsUsed() {
    StubHttpServer server = serve(r -> Reply.ok("[]"));
    HttpSchemaRegistryClient.fromConfig(
            Map.of("schema.registry.url", server.url(), "basic.auth.user.info", "fiso:pw"))
        .getSubjects();

    assertThat(server.requests.get(0).auth())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("fiso:pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void basicAuthFromTheUrlUserInfo() {
    StubHttpServer server = serve(r -> Reply.ok("[]"));
    String url = server.url().replace("http://", "http://alice:pa%40ss@");
    HttpSchemaRegistryClient client =
        HttpSchemaRegistryClient.fromConfig(Map.of("schema.registry.url", url));

    client.getSubjects();

    assertThat(server.requests.get(0).auth())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("alice:pa@ss".getBytes(StandardCharsets.UTF_8)));
    assertThat(client.urls().get(0).toString()).doesNotContain("alice").doesNotContain("pa");
    assertThat(client.toString()).doesNotContain("pa@ss").doesNotContain("pa%40ss");
  }

  @Test
  void badSettingsAreNamedAndSecretsAreNotEchoed() {
    assertThatThrownBy(() -> HttpSchemaRegistryClient.fromConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(
            () ->
                HttpSchemaRegistryClient.fromConfig(
                    Map.of(
                        "schema.registry.url", "http://localhost:8081",
                        "basic.auth.credentials.source", "USER_INFO")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info");
    assertThatThrownBy(
            () ->
                HttpSchemaRegistryClient.fromConfig(
                    Map.of(
                        "schema.registry.url", "http://localhost:8081",
                        "basic.auth.credentials.source", "USER_INFO",
                        "basic.auth.user.info", "hunter2-no-colon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.user.info")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                HttpSchemaRegistryClient.fromConfig(
                    Map.of(
                        "schema.registry.url", "http://localhost:8081",
                        "basic.auth.credentials.source", "TOKEN")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("basic.auth.credentials.source");
    assertThatThrownBy(
            () ->
                HttpSchemaRegistryClient.fromConfig(
                    Map.of("schema.registry.url", "localhost:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
    assertThatThrownBy(
            () ->
                HttpSchemaRegistryClient.fromConfig(
                    Map.of("schema.registry.url", "http://localhost:8081", "max.retries", "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max.retries");
    assertThatThrownBy(
            () ->
                HttpSchemaRegistryClient.fromConfig(
                    Map.of(
                        "schema.registry.url", "https://localhost:8081",
                        "schema.registry.ssl.truststore.location", "/no/such/truststore.jks",
                        "schema.registry.ssl.truststore.password", "changeit")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.ssl.truststore.location")
        .hasMessageNotContaining("changeit");
  }

  @Test
  void saslInheritTakesTheBrokerCredentials() {
    StubHttpServer server = serve(r -> Reply.ok("[]"));
    HttpSchemaRegistryClient.fromConfig(
            Map.of(
                "schema.registry.url",
                server.url(),
                "basic.auth.credentials.source",
                "SASL_INHERIT",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"svc\" password=\"p\\\"w\";"))
        .getSubjects();

    assertThat(server.requests.get(0).auth())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder().encodeToString("svc:p\"w".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void tlsWithAConfiguredTruststore() {
    StubHttpServer server = https(false);
    HttpSchemaRegistryClient client =
        HttpSchemaRegistryClient.fromConfig(
            Map.of(
                "schema.registry.url",
                server.url("https"),
                "schema.registry.ssl.truststore.location",
                keystore.toString(),
                "schema.registry.ssl.truststore.password",
                "changeit",
                "schema.registry.ssl.truststore.type",
                "PKCS12"));

    assertThat(client.getSubjects()).containsExactly("orders-value");
  }

  @Test
  void tlsWithTheJvmDefaultTrustRefusesAnUnknownCertificate() {
    StubHttpServer server = https(false);
    HttpSchemaRegistryClient client =
        HttpSchemaRegistryClient.fromConfig(
            Map.of("schema.registry.url", server.url("https"), "max.retries", 0));

    assertThatThrownBy(client::getSubjects)
        .isInstanceOf(SchemaRegistryException.class)
        .hasCauseInstanceOf(SSLException.class);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void mutualTlsPresentsTheKeystore() {
    StubHttpServer server = https(true);
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", server.url("https"));
    config.put("max.retries", 0);
    config.put("schema.registry.ssl.truststore.location", keystore.toString());
    config.put("schema.registry.ssl.truststore.password", "changeit");
    config.put("schema.registry.ssl.truststore.type", "PKCS12");
    HttpSchemaRegistryClient withoutKey = HttpSchemaRegistryClient.fromConfig(config);
    assertThatThrownBy(withoutKey::getSubjects).isInstanceOf(SchemaRegistryException.class);

    config.put("schema.registry.ssl.keystore.location", keystore.toString());
    config.put("schema.registry.ssl.keystore.password", "changeit");
    config.put("schema.registry.ssl.keystore.type", "PKCS12");
    config.put("schema.registry.ssl.key.password", "changeit");
    HttpSchemaRegistryClient withKey = HttpSchemaRegistryClient.fromConfig(config);

    assertThat(withKey.getSubjects()).containsExactly("orders-value");
  }

  @Test
  void compatibilityCallsFollowConfluentsApi() throws IOException {
    StubHttpServer server =
        serve(
            r ->
                switch (r.method() + " " + r.path()) {
                  case "POST /compatibility/subjects/orders-value/versions/latest" ->
                      Reply.ok("{\"is_compatible\": false}");
                  case "POST /compatibility/subjects/new-value/versions/latest" ->
                      Reply.error(404, 40401, "Subject 'new-value' not found.");
                  case "GET /config/orders-value?defaultToGlobal=true" ->
                      Reply.error(
                          404,
                          40408,
                          "Subject 'orders-value' does not have subject-level compatibility configured");
                  case "GET /config" -> Reply.ok("{\"compatibilityLevel\": \"FULL_TRANSITIVE\"}");
                  case "PUT /config/orders-value" -> Reply.ok("{\"compatibility\": \"NONE\"}");
                  default -> Reply.error(404, 404, "HTTP 404 Not Found");
                });
    HttpSchemaRegistryClient client = quick(server.url()).build();

    assertThat(client.testCompatibility("orders-value", ORDER)).isFalse();
    assertThat(client.testCompatibility("new-value", ORDER)).isTrue();
    assertThat(client.getCompatibility("orders-value"))
        .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    client.setCompatibility("orders-value", CompatibilityLevel.NONE);

    StubHttpServer.Recorded put = server.requests.get(server.requests.size() - 1);
    assertThat(JSON.readTree(put.body()).get("compatibility").asText()).isEqualTo("NONE");
  }

  @Test
  void subjectsArePercentEncodedInPaths() {
    StubHttpServer server = serve(r -> Reply.ok("[1, 2]"));
    assertThat(quick(server.url()).build().getVersions("team a/orders-value"))
        .containsExactly(1, 2);
    assertThat(server.requests.get(0).path())
        .isEqualTo("/subjects/team%20a%2Forders-value/versions");
  }

  @Test
  void aNonAvroSchemaIsRefusedByName() {
    StubHttpServer server =
        serve(
            r ->
                Reply.ok(
                    json(
                        Map.of(
                            "schema",
                            "syntax = \"proto3\"; message M {}",
                            "schemaType",
                            "PROTOBUF"))));
    assertThatThrownBy(() -> quick(server.url()).build().getById(3))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("PROTOBUF");
  }

  private StubHttpServer https(boolean needClientAuth) {
    TlsStores.Store store =
        new TlsStores.Store(keystore, "changeit".toCharArray(), "PKCS12", "test keystore");
    StubHttpServer server =
        StubHttpServer.https(
            TlsStores.context(store, store, null),
            needClientAuth,
            r -> Reply.ok("[\"orders-value\"]"));
    servers.add(server);
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
