package io.fiso.devstack.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The emulators' small control API, under {@value #PREFIX} on each emulator's HTTP port:
 *
 * <pre>
 * GET    /_emulator/functions                   every function: its faults and stats
 * GET    /_emulator/functions/{name}            one function
 * PUT    /_emulator/functions/{name}/faults     set its faults (JSON of FunctionFaults.Plan)
 * DELETE /_emulator/functions/{name}/faults     back to a well-behaved function
 * DELETE /_emulator/functions/{name}/stats      reset its counters
 * </pre>
 */
final class EmulatorControl {

  static final String PREFIX = "/_emulator/functions";

  /** One function's controls. */
  record Controls(FunctionFaults faults, FunctionStats stats) {}

  private EmulatorControl() {}

  /** Handles a control request; false when the path is not a control path. */
  static boolean handle(
      HttpExchange exchange, Function<String, Controls> lookup, Iterable<String> names)
      throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    String rest = path.substring(PREFIX.length());
    String method = exchange.getRequestMethod();
    if (rest.isEmpty() || rest.equals("/")) {
      Map<String, Object> all = new LinkedHashMap<>();
      for (String name : names) {
        all.put(name, describe(lookup.apply(name)));
      }
      EmulatorHttp.sendJson(exchange, 200, Map.of(), all);
      return true;
    }
    String[] parts = rest.substring(1).split("/");
    Controls controls = lookup.apply(parts[0]);
    if (controls == null) {
      EmulatorHttp.sendJson(exchange, 404, Map.of(), Map.of("message", "no function " + parts[0]));
      return true;
    }
    if (parts.length == 1 && method.equals("GET")) {
      EmulatorHttp.sendJson(exchange, 200, Map.of(), describe(controls));
    } else if (parts.length == 2 && parts[1].equals("faults") && method.equals("PUT")) {
      FunctionFaults.Plan plan;
      try {
        plan = EmulatorHttp.JSON.readValue(exchange.getRequestBody(), FunctionFaults.Plan.class);
        controls.faults().apply(plan);
      } catch (IOException | IllegalArgumentException e) {
        EmulatorHttp.sendJson(
            exchange, 400, Map.of(), Map.of("message", "invalid fault plan: " + e.getMessage()));
        return true;
      }
      EmulatorHttp.sendJson(exchange, 200, Map.of(), describe(controls));
    } else if (parts.length == 2 && parts[1].equals("faults") && method.equals("DELETE")) {
      controls.faults().reset();
      EmulatorHttp.sendJson(exchange, 200, Map.of(), describe(controls));
    } else if (parts.length == 2 && parts[1].equals("stats") && method.equals("DELETE")) {
      controls.stats().reset();
      EmulatorHttp.sendJson(exchange, 200, Map.of(), describe(controls));
    } else {
      EmulatorHttp.sendJson(
          exchange, 405, Map.of(), Map.of("message", method + " " + path + " is not supported"));
    }
    return true;
  }

  private static Map<String, Object> describe(Controls c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("faults", c.faults().plan());
    m.put("stats", c.stats().snapshot());
    return m;
  }
}
