package io.fiso.cli.router;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.HealthEndpoint;
import io.fiso.router.RouterApp;
import io.fiso.schemas.config.FisoSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fiso router}: the Kafka Streams router as its own process, until Ctrl-C.
 *
 * <p>It runs {@link RouterApp#run} from fiso-router-stream.
 */
@Command(
    name = "router",
    mixinStandardHelpOptions = true,
    description = {
      "Run the router: reads fiso.invocations, picks a provider and target for each invocation"
          + " by its function's policy (fiso.policies; '*' = default), live prices"
          + " (fiso.prices), measured statistics (fiso.provider-stats) and budgets"
          + " (fiso.budget-status), and writes it to fiso.routed.<provider> with the decision and"
          + " why, or a REJECTED result to fiso.results. Runs until stopped (Ctrl-C).",
      "",
      "Settings (FISO_* environment variable or properties-file key; see docs/router.md):"
          + " FISO_ROUTER_PROCESSING_GUARANTEE (exactly_once_v2 | at_least_once, default"
          + " exactly_once_v2), FISO_ROUTER_COMMIT_INTERVAL (100ms), FISO_ROUTER_LINGER (5ms;"
          + " 1ms under at_least_once), FISO_ROUTER_MAX_PAYLOAD_BYTES (524288),"
          + " FISO_ROUTER_DEFAULT_DURATION (100ms),"
          + " FISO_ROUTER_BUNDLED_PRICES (true), FISO_ROUTER_STREAM_THREADS (1),"
          + " FISO_ROUTER_STATE_DIR, FISO_ROUTER_APPLICATION_ID (fiso-router), FISO_TOPIC_PREFIX,"
          + " any Kafka client setting as FISO_KAFKA_<SETTING>."
    },
    footer = {
      "",
      "Examples:",
      "  fiso router",
      "  fiso router --bootstrap-servers kafka:9092 --schema-registry-url http://registry:8081",
      "  FISO_ROUTER_PROCESSING_GUARANTEE=at_least_once FISO_ROUTER_COMMIT_INTERVAL=20ms fiso router",
      "",
      "Exit codes: 0 stopped cleanly, 1 failure (e.g. missing topics, repeated crashes),"
          + " 2 invalid setting."
    })
public final class RouterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    FisoSettings settings = Fiso.root(spec).settings();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "FISO router on Kafka %s, schema registry %s. Stop with Ctrl-C.%n",
        settings.bootstrapServers(), settings.schemaRegistryUrl());
    out.flush();
    HealthEndpoint[] health = new HealthEndpoint[1];
    try {
      return RouterApp.run(
          settings,
          app ->
              health[0] =
                  HealthEndpoint.startIfConfigured(
                      settings, "router", () -> app.streams().state().isRunningOrRebalancing()));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.FAILURE, e.getMessage(), e);
    } finally {
      if (health[0] != null) {
        health[0].close();
      }
    }
  }
}
