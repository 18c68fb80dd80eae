package io.fiso.devstack.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server the emulators run on: loopback only, one thread per concurrent request (so a
 * burst of slow calls runs concurrently, as on a real cloud).
 */
final class EmulatorHttp implements AutoCloseable {

  static {
    // The JDK HTTP server leaves Nagle's algorithm on: small responses then wait ~40 ms for the
    // client's delayed ACK. Read once, when the first server starts.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private static final Logger log = LoggerFactory.getLogger(EmulatorHttp.class);

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final String name;

  EmulatorHttp(String name, int port, HttpHandler handler) {
    this.name = name;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(
          name + " could not listen on 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handler.handle(exchange);
          } catch (IOException e) {
            // The caller went away (a timeout, a killed worker): nothing to answer.
            log.debug(
                "{}: {} {}: {}",
                name,
                exchange.getRequestMethod(),
                exchange.getRequestURI(),
                e.toString());
          } catch (RuntimeException e) {
            log.warn(
                "{}: {} {} failed", name, exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
              send(
                  exchange,
                  500,
                  Map.of("Content-Type", "text/plain"),
                  ("emulator error: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
              // the response was already started
            }
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    if (body == null || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  static void sendJson(HttpExchange exchange, int status, Map<String, String> headers, Object value)
      throws IOException {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    send(exchange, status, all, JSON.writeValueAsBytes(value));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    log.debug("{} stopped", name);
  }
}
