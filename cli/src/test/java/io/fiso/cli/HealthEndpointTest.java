package io.fiso.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.schemas.config.FisoSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answers200WhileUpAnd503WhenDown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    FisoSettings settings =
        FisoSettings.builder()
            .environment(Map.of("FISO_HEALTH_PORT", Integer.toString(port)))
            .build();
    AtomicBoolean up = new AtomicBoolean(true);
    try (HealthEndpoint ignored = HealthEndpoint.startIfConfigured(settings, "router", up::get)) {
      HttpResponse<String> ok = get(port);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"router\"").contains("UP");

      up.set(false);
      HttpResponse<String> down = get(port);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("DOWN");

      assertThatThrownBy(() -> HealthEndpoint.startIfConfigured(settings, "again", up::get))
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("already in use");
    }
  }

  @Test
  void servesNothingUnlessAPortIsSet() {
    FisoSettings settings = FisoSettings.builder().environment(Map.of()).build();
    try (HealthEndpoint endpoint = HealthEndpoint.startIfConfigured(settings, "x", () -> true)) {
      assertThat(endpoint).isNotNull();
    }
  }

  private HttpResponse<String> get(int port) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
