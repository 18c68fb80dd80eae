package io.fiso.cli.controlplane;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.controlplane.ApiTokens;
import io.fiso.controlplane.ControlPlane;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.ControlPlaneStartException;
import io.fiso.controlplane.Settings;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fiso control-plane}: the HTTP API as its own process, against the Kafka cluster and schema
 * registry of the settings. Runs until interrupted (Ctrl-C, SIGTERM), then stops cleanly.
 */
@Command(
    name = "control-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Serve FISO's HTTP API (/api/v1/orchestrate, /api/v1/policies, /api/v1/invocations,"
          + " /api/v1/costs, /api/v1/providers, /healthz, /readyz, /metrics) against a Kafka"
          + " cluster and schema registry. Runs until stopped (Ctrl-C).",
      "",
      "Settings (flag, FISO_* environment variable, properties-file key): --port"
          + " (FISO_CONTROL_PLANE_PORT, control.plane.port, default 8080), --default-function"
          + " (FISO_DEFAULT_FUNCTION, default fiso-sample), --timeout (FISO_ORCHESTRATE_TIMEOUT,"
          + " default 30s), FISO_ORCHESTRATE_MAX_TIMEOUT (5m), FISO_MAX_REQUEST_BYTES (6MiB),"
          + " FISO_API_TOKENS=invoke:TOKEN1,admin:TOKEN2 or --api-tokens-file"
          + " (FISO_API_TOKENS_FILE); without tokens authentication is off. FISO_HTTP_THREADS (64),"
          + " FISO_RESULTS_CACHE_SIZE (10000), FISO_TOPIC_PREFIX."
    },
    footer = {
      "",
      "Examples:",
      "  fiso control-plane",
      "  fiso control-plane --bootstrap-servers kafka:9092 --port 8080",
      "  FISO_SCHEMA_REGISTRY_URL=http://schema-registry:8081 fiso control-plane",
      "  FISO_API_TOKENS_FILE=/run/secrets/fiso-tokens fiso control-plane",
      "",
      "Then: curl -X POST http://localhost:8080/api/v1/orchestrate",
      "",
      "Exit codes: 0 stopped cleanly, 1 failure (e.g. the port is in use), 2 invalid setting."
    })
public final class ControlPlaneCommand implements Callable<Integer> {

  /** Setting key of the topic name prefix (env FISO_TOPIC_PREFIX), as {@code fiso topics}. */
  static final String TOPIC_PREFIX = TopicCatalog.PREFIX_SETTING;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "HTTP port (setting control.plane.port, env FISO_CONTROL_PLANE_PORT; default 8080).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (env FISO_CONTROL_PLANE_BIND_ADDRESS; default 0.0.0.0, every"
              + " interface).")
  String bind;

  @Option(
      names = "--default-function",
      paramLabel = "NAME",
      description =
          "Function orchestrated when a request names none (env FISO_DEFAULT_FUNCTION; default"
              + " fiso-sample).")
  String defaultFunction;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "How long a sync orchestrate waits when the request gives no timeout, e.g. 10s (env"
              + " FISO_ORCHESTRATE_TIMEOUT; default 30s).")
  String timeout;

  @Option(
      names = "--api-tokens-file",
      paramLabel = "FILE",
      description =
          "File of SCOPE:TOKEN lines (scope invoke or admin) the API accepts as bearer tokens (env"
              + " FISO_API_TOKENS_FILE).")
  Path tokensFile;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (setting topic.prefix, env FISO_TOPIC_PREFIX).")
  String topicPrefix;

  @Override
  public Integer call() throws InterruptedException {
    FisoSettings settings = Fiso.root(spec).settings();
    ControlPlaneConfig config = config(settings);
    String prefix = topicPrefix != null ? topicPrefix : settings.string(TOPIC_PREFIX, "");
    TopicCatalog topics = TopicCatalog.prefixed(prefix);
    SchemaRegistryClient registry = SchemaRegistryClients.fromSettings(settings);

    ControlPlane controlPlane;
    try {
      controlPlane = ControlPlane.builder(config).schemaRegistry(registry).topics(topics).start();
    } catch (ControlPlaneStartException e) {
      throw new CliException(ExitCodes.FAILURE, e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              controlPlane.close();
              stopped.countDown();
            },
            "fiso-control-plane-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "FISO control plane on %s (Kafka %s, schema registry %s%s)%n",
        controlPlane.baseUri(),
        settings.bootstrapServers(),
        settings.schemaRegistryUrl(),
        prefix.isEmpty() ? "" : ", topic prefix " + prefix);
    out.printf("  try:   curl -X POST %s/api/v1/orchestrate%n", controlPlane.baseUri());
    out.printf("  API:   %s/api/v1/openapi.json%n", controlPlane.baseUri());
    out.printf(
        "  ready: %s/readyz   metrics: %s/metrics%n",
        controlPlane.baseUri(), controlPlane.baseUri());
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** The settings, with this command's flags on top (flags win). */
  ControlPlaneConfig config(FisoSettings settings) {
    try {
      ControlPlaneConfig.Builder b = ControlPlaneConfig.from(settings).toBuilder();
      if (port != null) {
        b.port(port);
      }
      if (bind != null) {
        b.bindAddress(bind);
      }
      if (defaultFunction != null) {
        b.defaultFunction(defaultFunction.trim());
      }
      if (timeout != null) {
        b.defaultTimeout(Settings.duration(timeout, "--timeout"));
      }
      if (tokensFile != null) {
        b.tokens(ApiTokens.fromFile(tokensFile));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
  }
}
