package io.fiso.cli.costingestor;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.HealthEndpoint;
import io.fiso.costs.CostIngestorApp;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso cost-ingestor}: runs the cost-ingestor Kafka Streams application until stopped. */
@Command(
    name = "cost-ingestor",
    mixinStandardHelpOptions = true,
    description = {
      "Run the cost-ingestor: reads fiso.costs and writes provider statistics"
          + " (fiso.provider-stats), budget states (fiso.budget-status), alerts (fiso.alerts) and"
          + " dead letters (fiso.deadletter), and keeps per-minute and per-hour rollups for the"
          + " control plane. Runs until stopped (Ctrl-C); scale by starting more instances.",
      "",
      "Settings (env FISO_..., or the key in the properties file): FISO_TOPIC_PREFIX,"
          + " FISO_COST_INGESTOR_APPLICATION_ID (fiso-cost-ingestor),"
          + " FISO_COST_INGESTOR_PROCESSING_GUARANTEE (exactly_once_v2),"
          + " FISO_COST_INGESTOR_STREAM_THREADS (1), FISO_COST_INGESTOR_STATE_DIR,"
          + " FISO_COST_INGESTOR_STATS_HALF_LIFE (5m), FISO_COST_INGESTOR_STATS_UNHEALTHY_ERROR_RATE"
          + " (0.5), FISO_COST_INGESTOR_STATS_RECOVERED_ERROR_RATE (0.2),"
          + " FISO_COST_INGESTOR_STATS_MIN_SAMPLES (20), FISO_COST_INGESTOR_STATS_EMIT_INTERVAL"
          + " (5s), FISO_COST_INGESTOR_ROLLUP_MINUTE_GRACE (2m), FISO_COST_INGESTOR_ROLLUP_HOUR_GRACE"
          + " (10m), FISO_COST_INGESTOR_BUDGET_EMIT_INTERVAL (5s),"
          + " FISO_COST_INGESTOR_BUDGET_CHECK_INTERVAL (30s), FISO_COST_INGESTOR_DEDUP_WINDOW (1d);"
          + " see docs/costs.md."
    },
    footer = {
      "",
      "Examples:",
      "  fiso cost-ingestor",
      "  fiso cost-ingestor --bootstrap-servers kafka:9092 --schema-registry-url http://registry:8081",
      "  FISO_COST_INGESTOR_STATS_HALF_LIFE=15m fiso cost-ingestor",
      "",
      "Exit codes: 0 stopped cleanly, 1 stopped after repeated failures, 2 invalid setting."
    })
public final class CostIngestorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (setting topic.prefix, env FISO_TOPIC_PREFIX).")
  String prefix;

  @Override
  public Integer call() throws InterruptedException {
    FisoSettings settings = Fiso.root(spec).settings();
    CostIngestorConfig config;
    try {
      config = CostIngestorConfig.from(settings);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    if (prefix != null) {
      config = config.withTopics(TopicCatalog.prefixed(prefix));
    }
    boolean autoRegister = settings.booleanValue(CostIngestorConfig.AUTO_REGISTER, true);
    CostIngestorApp app =
        CostIngestorApp.start(config, SchemaRegistryClients.fromSettings(settings), autoRegister);
    HealthEndpoint health =
        HealthEndpoint.startIfConfigured(
            settings, "cost-ingestor", () -> app.streams().state().isRunningOrRebalancing());
    Thread hook =
        new Thread(
            () -> {
              app.close();
              health.close();
            },
            "fiso-cost-ingestor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "FISO cost-ingestor %s reading %s (Kafka %s, schema registry %s)%n",
        config.applicationId(),
        config.topics().costs().name(),
        config.bootstrapServers(),
        settings.schemaRegistryUrl());
    out.println("Stop with Ctrl-C.");
    out.flush();
    app.awaitStop();
    KafkaStreams.State state = app.streams().state();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      app.close();
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook closes the application.
    }
    return state == KafkaStreams.State.ERROR ? ExitCodes.FAILURE : ExitCodes.OK;
  }
}
