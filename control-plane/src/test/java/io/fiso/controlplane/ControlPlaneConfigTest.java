package io.fiso.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.controlplane.support.TestApi;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneConfigTest {

  @Test
  void defaultsMatchTheSeed() {
    ControlPlaneConfig config = ControlPlaneConfig.fromEnvironment(Map.of());

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.defaultFunction()).isEqualTo("fiso-sample");
    assertThat(config.maxRequestBytes()).isEqualTo(6L * 1024 * 1024);
    assertThat(config.tokens().enabled()).isFalse();
    assertThat(config.kafka()).containsEntry("bootstrap.servers", "localhost:9092");
  }

  @Test
  void environmentVariablesSetEverySettingAndPassKafkaSettingsThrough() {
    ControlPlaneConfig config =
        ControlPlaneConfig.fromEnvironment(
            Map.of(
                "FISO_CONTROL_PLANE_PORT", "9090",
                "FISO_DEFAULT_FUNCTION", "checkout",
                "FISO_ORCHESTRATE_TIMEOUT", "10s",
                "FISO_MAX_REQUEST_BYTES", "256KiB",
                "FISO_API_TOKENS", "invoke:aaaaaaaaaaaaaaaaaaaa,admin:bbbbbbbbbbbbbbbbbbbb",
                "FISO_BOOTSTRAP_SERVERS", "kafka:19092",
                "FISO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FISO_KAFKA_SASL_JAAS_CONFIG", "secret-jaas"));

    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.defaultFunction()).isEqualTo("checkout");
    assertThat(config.defaultTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxRequestBytes()).isEqualTo(256 * 1024);
    assertThat(config.tokens().authenticate("bbbbbbbbbbbbbbbbbbbb")).hasValue(Scope.ADMIN);
    assertThat(config.kafka())
        .containsEntry("bootstrap.servers", "kafka:19092")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.toString())
        .doesNotContain("secret-jaas")
        .doesNotContain("aaaaaaaaaaaaaaaaaaaa")
        .contains("SASL_SSL");
  }

  @Test
  void tokensComeFromAFileToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(
        file, "# who may call\ninvoke:cccccccccccccccccccc\nadmin:dddddddddddddddd\n");

    ControlPlaneConfig config =
        ControlPlaneConfig.fromEnvironment(Map.of("FISO_API_TOKENS_FILE", file.toString()));

    assertThat(config.tokens().authenticate("cccccccccccccccccccc")).hasValue(Scope.INVOKE);
    assertThat(config.tokens().authenticate("dddddddddddddddd")).hasValue(Scope.ADMIN);
    assertThat(config.tokens().authenticate("eeee")).isEmpty();
  }

  @Test
  void invalidSettingsFailNamingTheSetting() {
    assertThatThrownBy(
            () -> ControlPlaneConfig.fromEnvironment(Map.of("FISO_CONTROL_PLANE_PORT", "70000")))
        .hasMessageContaining("FISO_CONTROL_PLANE_PORT");
    assertThatThrownBy(
            () ->
                ControlPlaneConfig.fromEnvironment(
                    Map.of(
                        "FISO_ORCHESTRATE_TIMEOUT", "10m", "FISO_ORCHESTRATE_MAX_TIMEOUT", "1m")))
        .hasMessageContaining("FISO_ORCHESTRATE_TIMEOUT")
        .hasMessageContaining("FISO_ORCHESTRATE_MAX_TIMEOUT");
    assertThatThrownBy(
            () -> ControlPlaneConfig.fromEnvironment(Map.of("FISO_MAX_REQUEST_BYTES", "lots")))
        .hasMessageContaining("max.request.bytes");
    assertThatThrownBy(
            () ->
                ControlPlaneConfig.fromEnvironment(
                    Map.of("FISO_API_TOKENS", "root:supersecret12345")))
        .hasMessageContaining("invoke or admin")
        .hasMessageNotContaining("supersecret12345");
  }

  @Test
  void aPortInUseIsAClearErrorNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      ControlPlaneConfig.Builder config = ControlPlaneConfig.builder();

      assertThatThrownBy(
              () ->
                  ControlPlane.builder(config.port(port).bindAddress("0.0.0.0").build())
                      .gateway(new io.fiso.controlplane.support.FakeGateway())
                      .policies(new io.fiso.controlplane.support.FakePolicyStore())
                      .providers(java.util.List::of)
                      .start())
          .isInstanceOf(ControlPlaneStartException.class)
          .hasMessageContaining("port " + port + " is already in use")
          .hasMessageContaining("--port");
    }
  }

  @Test
  void theServerStartsOnAFreePortWhenAskedForPortZero() {
    try (TestApi api = TestApi.withDefaults()) {
      assertThat(api.controlPlane.port()).isPositive();
      assertThat(api.get("/healthz").body()).contains("UP");
    }
  }
}
