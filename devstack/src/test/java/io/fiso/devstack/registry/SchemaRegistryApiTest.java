package io.fiso.devstack.registry;

import static io.fiso.devstack.registry.RegistryHttp.V1;
import static io.fiso.devstack.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.fiso.devstack.registry.RegistryHttp.Response;
import io.fiso.schemas.registry.CompatibilityLevel;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.registry.SchemaRegistryException;
import io.fiso.schemas.registry.SchemaVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Confluent's REST API as the embedded registry serves it (schemas kept in memory here). */
class SchemaRegistryApiTest {

  static final Schema ORDER_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Order","namespace":"acme","fields":[
                {"name":"id","type":"string"}]}""");
  static final Schema ORDER_V2 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Order","namespace":"acme","fields":[
                {"name":"id","type":"string"},
                {"name":"note","type":"string","default":""}]}""");
  static final Schema ORDER_REQUIRED_TOTAL =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Order","namespace":"acme","fields":[
                {"name":"id","type":"string"},
                {"name":"total","type":"long"}]}""");

  private EmbeddedSchemaRegistry registry;
  private RegistryHttp http;

  @BeforeEach
  void start() {
    registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Config.inMemory());
    http = new RegistryHttp(registry.url());
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void rootAnswersAnEmptyObject() {
    Response root = http.get("/");
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.contentType()).isEqualTo(V1);
    assertThat(root.body()).isEqualTo("{}");
    assertThat(registry.url()).isEqualTo("http://localhost:" + registry.port());
  }

  @Test
  void registerLookUpAndReadBack() {
    Response registered = http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));
    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.contentType()).isEqualTo(V1);
    int id = registered.json().get("id").asInt();

    assertThat(
            http.post("/subjects/archive-value/versions", schemaBody(ORDER_V1))
                .json()
                .get("id")
                .asInt())
        .as("the same schema has the same id in another subject")
        .isEqualTo(id);
    assertThat(
            http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1))
                .json()
                .get("id")
                .asInt())
        .isEqualTo(id);

    JsonNode byId = http.get("/schemas/ids/" + id).json();
    assertThat(new Schema.Parser().parse(byId.get("schema").asText())).isEqualTo(ORDER_V1);
    assertThat(byId.has("schemaType")).as("AVRO is implied, as Confluent does").isFalse();

    JsonNode found = http.post("/subjects/orders-value", schemaBody(ORDER_V1)).json();
    assertThat(found.get("subject").asText()).isEqualTo("orders-value");
    assertThat(found.get("version").asInt()).isEqualTo(1);
    assertThat(found.get("id").asInt()).isEqualTo(id);

    assertThat(http.get("/subjects").json()).hasSize(2);
    assertThat(http.get("/subjects").body()).isEqualTo("[\"archive-value\",\"orders-value\"]");
    assertThat(http.get("/subjects?subjectPrefix=arch").body()).isEqualTo("[\"archive-value\"]");
    assertThat(http.get("/schemas/ids/" + id + "/versions").body())
        .isEqualTo(
            "[{\"subject\":\"archive-value\",\"version\":1},{\"subject\":\"orders-value\",\"version\":1}]");
    assertThat(http.get("/schemas/ids/" + id + "/subjects").body())
        .isEqualTo("[\"archive-value\",\"orders-value\"]");
    assertThat(http.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
  }

  @Test
  void versionsLatestAndTheRawSchema() {
    http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));
    int v2Id =
        http.post("/subjects/orders-value/versions", schemaBody(ORDER_V2)).json().get("id").asInt();

    assertThat(http.get("/subjects/orders-value/versions").body()).isEqualTo("[1,2]");
    JsonNode latest = http.get("/subjects/orders-value/versions/latest").json();
    assertThat(latest.get("version").asInt()).isEqualTo(2);
    assertThat(latest.get("id").asInt()).isEqualTo(v2Id);
    assertThat(http.get("/subjects/orders-value/versions/-1").json().get("version").asInt())
        .isEqualTo(2);
    assertThat(http.get("/subjects/orders-value/versions/1").json().get("schema").asText())
        .isEqualTo(ORDER_V1.toString());

    Response raw = http.get("/subjects/orders-value/versions/1/schema");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(ORDER_V1);
    assertThat(new Schema.Parser().parse(http.get("/schemas/ids/" + v2Id + "/schema").body()))
        .isEqualTo(ORDER_V2);
  }

  @Test
  void missingThingsAnswerWithConfluentsErrorCodes() {
    http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));

    assertError(http.get("/subjects/nope/versions"), 404, 40401);
    assertError(http.get("/subjects/nope/versions/latest"), 404, 40401);
    assertError(http.get("/subjects/orders-value/versions/7"), 404, 40402);
    assertError(http.get("/schemas/ids/999"), 404, 40403);
    assertError(http.post("/subjects/orders-value", schemaBody(ORDER_V2)), 404, 40403);
    assertError(http.post("/subjects/nope", schemaBody(ORDER_V1)), 404, 40401);
    assertError(http.get("/subjects/orders-value/versions/0"), 422, 42202);
    assertError(http.get("/subjects/orders-value/versions/first"), 422, 42202);
    assertError(http.get("/no/such/path"), 404, 404);
  }

  @Test
  void invalidAndIncompatibleSchemasAreRefused() {
    http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));

    Response incompatible =
        http.post("/subjects/orders-value/versions", schemaBody(ORDER_REQUIRED_TOTAL));
    assertError(incompatible, 409, 409);
    assertThat(incompatible.json().get("message").asText()).contains("total");

    assertError(
        http.post(
            "/subjects/orders-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"recrod\\\"}\"}"),
        422,
        42201);
    assertError(
        http.post(
            "/subjects/orders-value/versions",
            RegistryHttp.json(Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF"))),
        422,
        42201);
    assertError(http.post("/subjects/orders-value/versions", "{}"), 422, 42201);
    assertError(http.post("/subjects/orders-value/versions", "not json"), 400, 400);
    assertThat(http.get("/subjects/orders-value/versions").body()).isEqualTo("[1]");
  }

  @Test
  void schemaTypeAvroIsAccepted() {
    Response registered =
        http.post(
            "/subjects/orders-value/versions",
            RegistryHttp.json(Map.of("schema", ORDER_V1.toString(), "schemaType", "AVRO")));
    assertThat(registered.status()).isEqualTo(200);
  }

  @Test
  void compatibilityChecksAgainstAVersionOrAll() {
    http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));

    assertThat(
            http.post("/compatibility/subjects/orders-value/versions/latest", schemaBody(ORDER_V2))
                .json()
                .get("is_compatible")
                .asBoolean())
        .isTrue();
    JsonNode verbose =
        http.post(
                "/compatibility/subjects/orders-value/versions/1?verbose=true",
                schemaBody(ORDER_REQUIRED_TOTAL))
            .json();
    assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
    assertThat(verbose.get("messages").toString()).contains("total");
    assertThat(
            http.post("/compatibility/subjects/orders-value/versions", schemaBody(ORDER_V2))
                .json()
                .get("is_compatible")
                .asBoolean())
        .isTrue();
    assertError(
        http.post("/compatibility/subjects/nope/versions/latest", schemaBody(ORDER_V1)),
        404,
        40401);
    assertError(
        http.post("/compatibility/subjects/orders-value/versions/3", schemaBody(ORDER_V1)),
        404,
        40402);
  }

  @Test
  void compatibilityLevelsGlobalAndPerSubject() {
    assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertError(http.get("/config/orders-value"), 404, 40408);
    assertThat(
            http.get("/config/orders-value?defaultToGlobal=true")
                .json()
                .get("compatibilityLevel")
                .asText())
        .isEqualTo("BACKWARD");

    Response put = http.put("/config/orders-value", "{\"compatibility\": \"none\"}");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("compatibility").asText()).isEqualTo("NONE");
    assertThat(http.get("/config/orders-value").json().get("compatibilityLevel").asText())
        .isEqualTo("NONE");

    http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));
    assertThat(
            http.post("/subjects/orders-value/versions", schemaBody(ORDER_REQUIRED_TOTAL)).status())
        .as("NONE accepts anything")
        .isEqualTo(200);

    assertThat(http.put("/config", "{\"compatibility\": \"FULL_TRANSITIVE\"}").status())
        .isEqualTo(200);
    assertThat(http.get("/config").json().get("compatibilityLevel").asText())
        .isEqualTo("FULL_TRANSITIVE");
    assertThat(http.delete("/config/orders-value").json().get("compatibilityLevel").asText())
        .isEqualTo("NONE");
    assertError(http.get("/config/orders-value"), 404, 40408);
    assertError(http.put("/config", "{\"compatibility\": \"SIDEWAYS\"}"), 422, 42203);
  }

  @Test
  void deletingASubjectListsTheVersionsAndKeepsIdsResolvable() {
    int id =
        http.post("/subjects/orders-value/versions", schemaBody(ORDER_V1)).json().get("id").asInt();
    http.post("/subjects/orders-value/versions", schemaBody(ORDER_V2));

    Response deleted = http.delete("/subjects/orders-value");
    assertThat(deleted.body()).isEqualTo("[1,2]");
    assertError(http.get("/subjects/orders-value/versions"), 404, 40401);
    assertThat(http.get("/subjects").body()).isEqualTo("[]");
    assertThat(http.get("/subjects?deleted=true").body()).isEqualTo("[\"orders-value\"]");
    assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
    assertError(http.delete("/subjects/orders-value"), 404, 40401);
  }

  @Test
  void mediaTypesAsConfluentAcceptsThem() {
    String body = schemaBody(ORDER_V1);
    for (String type :
        new String[] {
          "application/vnd.schemaregistry.v1+json",
          "application/vnd.schemaregistry+json",
          "application/json",
          "application/octet-stream"
        }) {
      assertThat(http.send("POST", "/subjects/s/versions", body, type, V1).status())
          .as(type)
          .isEqualTo(200);
    }
    assertError(http.send("POST", "/subjects/s/versions", body, "text/plain", V1), 415, 415);

    assertThat(http.get("/subjects", "application/json").contentType())
        .isEqualTo("application/json");
    assertThat(http.get("/subjects", "application/vnd.schemaregistry+json").contentType())
        .isEqualTo("application/vnd.schemaregistry+json");
    assertThat(http.get("/subjects", "*/*").contentType()).isEqualTo(V1);
    assertThat(http.get("/subjects", null).contentType()).isEqualTo(V1);
    assertError(http.get("/subjects", "text/html"), 406, 406);
    assertError(http.send("PATCH", "/subjects", null, null, V1), 405, 405);
  }

  @Test
  void ourClientSpeaksTheWholeApiWithIt() {
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();

    int v1 = client.register("orders-value", ORDER_V1);
    int v2 = client.register("orders-value", ORDER_V2);
    assertThat(client.getById(v1)).isEqualTo(ORDER_V1);
    assertThat(client.lookup("orders-value", ORDER_V2))
        .isEqualTo(new SchemaVersion("orders-value", 2, v2, ORDER_V2));
    assertThat(client.getVersion("orders-value", 1).schema()).isEqualTo(ORDER_V1);
    assertThat(client.getLatest("orders-value").id()).isEqualTo(v2);
    assertThat(client.getVersions("orders-value")).containsExactly(1, 2);
    assertThat(client.getSubjects()).containsExactly("orders-value");
    assertThat(client.testCompatibility("orders-value", ORDER_REQUIRED_TOTAL)).isFalse();
    assertThat(client.testCompatibility("new-subject", ORDER_REQUIRED_TOTAL)).isTrue();

    assertThat(client.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.BACKWARD);
    client.setCompatibility("orders-value", CompatibilityLevel.FORWARD);
    assertThat(client.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FORWARD);
    client.setCompatibility(null, CompatibilityLevel.FULL);
    assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.getCompatibility("other-subject")).isEqualTo(CompatibilityLevel.FULL);

    assertThat(client.deleteSubject("orders-value")).containsExactly(1, 2);
    assertThat(client.getSubjects()).isEmpty();
  }

  @Test
  void ourClientReportsTheServersErrors() {
    HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();
    client.register("orders-value", ORDER_V1);

    assertThatThrownBy(() -> client.register("orders-value", ORDER_REQUIRED_TOTAL))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.isIncompatible()).isTrue();
            });
    assertThatThrownBy(() -> client.getById(12345))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.getLatest("nope"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
    assertThatThrownBy(() -> client.getVersion("orders-value", 5))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
  }

  @Test
  void aPortInUseIsAClearErrorNamingThePort() {
    assertThatThrownBy(
            () ->
                EmbeddedSchemaRegistry.start(
                    EmbeddedSchemaRegistry.Config.inMemory().withPort(registry.port())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port " + registry.port())
        .hasMessageContaining("in use");
  }

  @Test
  void aStoreThatRefusesAWriteIs50001AndNothingChanges() throws Exception {
    boolean[] storeDown = {true};
    InMemorySchemaRegistry state =
        new InMemorySchemaRegistry() {
          @Override
          protected void onChange(Entry entry) {
            if (storeDown[0]) {
              throw SchemaRegistryException.backendError(
                  "Error while writing subject orders-value version 1 to the schema store topic"
                      + " _schemas",
                  null);
            }
          }
        };
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", new SchemaRegistryApi(state));
    server.start();
    try {
      RegistryHttp failing = new RegistryHttp("http://localhost:" + server.getAddress().getPort());

      Response refused = failing.post("/subjects/orders-value/versions", schemaBody(ORDER_V1));
      assertError(refused, 500, 50001);
      assertThat(refused.json().get("message").asText()).contains("_schemas");
      assertError(failing.get("/subjects/orders-value/versions"), 404, 40401);

      storeDown[0] = false;
      assertThat(failing.post("/subjects/orders-value/versions", schemaBody(ORDER_V1)).status())
          .isEqualTo(200);
    } finally {
      server.stop(0);
    }
  }

  private static void assertError(Response response, int status, int code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.errorCode()).as(response.body()).isEqualTo(code);
    assertThat(response.json().get("message").asText()).isNotBlank();
  }
}
