package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpLoadTest {

  private HttpServer server;
  private URI base;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    // every third call is refused, as an overloaded control plane would
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          int status = calls.incrementAndGet() % 3 == 0 ? 503 : 200;
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void requestsAtARateForATimeAreRoundedToWholeRequests() {
    assertThat(HttpLoad.count(250, Duration.ofSeconds(2))).isEqualTo(500);
    assertThat(HttpLoad.count(33.3, Duration.ofMillis(1500))).isEqualTo(50);
    assertThat(HttpLoad.count(100, Duration.ZERO)).isZero();
  }

  @Test
  void openLoopCountsFailuresApartAndTimesOnlyTheMeasuredSuccesses() throws Exception {
    HttpClient client = HttpLoad.client();
    HttpRequest request = HttpRequest.newBuilder(base).build();
    HttpLoad.Outcome o =
        HttpLoad.openLoop(
            client,
            seq -> request,
            300,
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofSeconds(10));
    assertThat(o.sent()).isEqualTo(90);
    assertThat(o.ok() + o.failed()).isEqualTo(90);
    assertThat(o.failed()).isEqualTo(30);
    assertThat(o.firstFailure()).startsWith("HTTP 503");
    // 60 of the 90 measured requests... of which the 30 warm-up ones are not timed
    assertThat(o.latencies().count()).isLessThanOrEqualTo(60).isLessThan(o.ok());
  }

  @Test
  void closedLoopSendsUntilTheWindowEnds() throws Exception {
    HttpClient client = HttpLoad.client();
    HttpRequest request = HttpRequest.newBuilder(base).build();
    HttpLoad.Outcome o =
        HttpLoad.closedLoop(
            client,
            seq -> request,
            4,
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            Duration.ofSeconds(10));
    assertThat(o.sent()).isEqualTo(o.ok() + o.failed());
    assertThat(o.failed()).isPositive();
    assertThat(o.perSecond()).isPositive();
    assertThat(o.latencies().count()).isLessThan(o.ok());
  }

  @Test
  void sequentialCallsFailNamingTheAnswer() {
    HttpClient client = HttpLoad.client();
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/x")).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HttpLoad.sequential(client, request, 0, 5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GET " + base.resolve("/x"))
        .hasMessageContaining("503");
  }

  @Test
  void nothingListeningIsStatusMinusOne() throws Exception {
    server.stop(0);
    assertThat(HttpLoad.status(HttpLoad.client(), base, Duration.ofSeconds(2))).isEqualTo(-1);
  }
}
