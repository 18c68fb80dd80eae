package io.fiso.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** A scripted HTTP(S) server that records what it was asked. */
final class StubHttpServer implements AutoCloseable {

  record Recorded(
      String method, String path, String contentType, String accept, String auth, String body) {}

  record Reply(int status, String body) {
    static Reply ok(String body) {
      return new Reply(200, body);
    }

    static Reply error(int status, int code, String message) {
      return new Reply(status, "{\"error_code\":" + code + ",\"message\":\"" + message + "\"}");
    }
  }

  private final HttpServer server;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  private StubHttpServer(HttpServer server, Function<Recorded, Reply> script) {
    this.server = server;
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Recorded r = record(exchange);
            requests.add(r);
            Reply reply = script.apply(r);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    server.start();
  }

  static StubHttpServer http(Function<Recorded, Reply> script) {
    try {
      return new StubHttpServer(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StubHttpServer https(
      SSLContext context, boolean needClientAuth, Function<Recorded, Reply> script) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(
          new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
              parameters.setNeedClientAuth(needClientAuth);
              params.setSSLParameters(parameters);
            }
          });
      return new StubHttpServer(server, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Recorded record(HttpExchange exchange) throws IOException {
    String uri = exchange.getRequestURI().getRawPath();
    if (exchange.getRequestURI().getRawQuery() != null) {
      uri += "?" + exchange.getRequestURI().getRawQuery();
    }
    return new Recorded(
        exchange.getRequestMethod(),
        uri,
        exchange.getRequestHeaders().getFirst("Content-Type"),
        exchange.getRequestHeaders().getFirst("Accept"),
        exchange.getRequestHeaders().getFirst("Authorization"),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
  }

  String url(String scheme) {
    return scheme + "://localhost:" + server.getAddress().getPort();
  }

  String url() {
    return url("http");
  }

  long count(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
