package io.fiso.cli;

import com.sun.net.httpserver.HttpServer;
import io.fiso.schemas.config.FisoSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /healthz} for the services that have no HTTP API of their own (router, workers,
 * cost-ingestor, emulators), so a container platform can check them: 200 while the service is up,
 * 503 otherwise. Served only when {@code health.port} (env {@code FISO_HEALTH_PORT}) is set.
 */
public final class HealthEndpoint implements AutoCloseable {

  static {
    // The JDK HTTP server leaves Nagle's algorithm on: small responses then wait ~40 ms for the
    // client's delayed ACK. Read once, when the first server starts.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  public static final String PORT = "health.port";

  private final HttpServer server;

  private HealthEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts the endpoint when {@value #PORT} is set, else returns a no-op. */
  public static HealthEndpoint startIfConfigured(
      FisoSettings settings, String service, BooleanSupplier healthy) {
    int port = settings.intValue(PORT, -1);
    if (port < 0) {
      return new HealthEndpoint(null);
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 8);
      server.createContext(
          "/healthz",
          exchange -> {
            boolean up = healthy.getAsBoolean();
            byte[] body =
                ("{\"service\":\"" + service + "\",\"status\":\"" + (up ? "UP" : "DOWN") + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return new HealthEndpoint(server);
    } catch (BindException e) {
      throw new CliException(
          ExitCodes.USAGE,
          "Port "
              + port
              + " ("
              + PORT
              + ", "
              + settings.howToSet(PORT)
              + ") is already in use: choose another health port",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve /healthz on port " + port, e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
