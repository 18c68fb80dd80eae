package io.fiso.cli.workers;

import io.fiso.avro.Provider;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.HealthEndpoint;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.workers.Invokers;
import io.fiso.workers.WorkerGroup;
import io.fiso.workers.WorkerSettings;
import io.fiso.workers.invoke.Invoker;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fiso workers --provider aws|azure|gcp [--ordered]}: one provider's worker group as its own
 * process, until Ctrl-C (graceful: calls in flight finish or are released).
 */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = {
      "Run one provider's workers: consume fiso.routed.<provider> in a share group, call the"
          + " function (AWS Lambda with the AWS SDK, Azure Functions over HTTPS, Google Cloud"
          + " Functions over HTTP or Pub/Sub), and write the InvocationResult to fiso.results and"
          + " one CostEvent per call to fiso.costs. Throttling and transient errors are retried with"
          + " backoff; an unavailable provider fails over through fiso.invocations. Runs until"
          + " stopped (Ctrl-C). Scale by running more instances.",
      "",
      "Settings (FISO_* environment variable or properties-file key; see docs/workers.md):"
          + " FISO_WORKER_CONCURRENCY (1000), FISO_WORKER_FUNCTION_CONCURRENCY,"
          + " FISO_WORKER_FUNCTION_LIMITS (fn=n,...), FISO_WORKER_CONSUMERS (4),"
          + " FISO_WORKER_MAX_POLL_RECORDS (250), FISO_WORKER_CALL_TIMEOUT (5m),"
          + " FISO_WORKER_CALLS_PER_PROVIDER (4), FISO_WORKER_BACKOFF_BASE (100ms),"
          + " FISO_WORKER_BACKOFF_MAX (5s), FISO_WORKER_MAX_DELIVERIES (5), FISO_WORKER_MAX_HOPS"
          + " (3), FISO_WORKER_BREAKER_* , FISO_WORKER_SHUTDOWN_GRACE (30s),"
          + " FISO_WORKER_GROUP_ID; AWS: FISO_AWS_ENDPOINT, FISO_AWS_DEV_CREDENTIALS, the AWS"
          + " default credentials chain; Azure: FISO_AZURE_FUNCTION_KEY or"
          + " FISO_AZURE_FUNCTION_KEY_FILE; Google: FISO_GCP_AUTH (id-token | none),"
          + " GOOGLE_APPLICATION_CREDENTIALS, PUBSUB_EMULATOR_HOST; FISO_TOPIC_PREFIX; any Kafka"
          + " client setting as FISO_KAFKA_<SETTING>."
    },
    footer = {
      "",
      "Examples:",
      "  fiso workers --provider aws",
      "  FISO_AZURE_FUNCTION_KEY_FILE=/run/secrets/azure-key fiso workers --provider azure",
      "  FISO_GCP_AUTH=none PUBSUB_EMULATOR_HOST=127.0.0.1:8085 fiso workers --provider gcp",
      "  fiso workers --provider aws --ordered",
      "",
      "Exit codes: 0 stopped cleanly, 1 failure (Kafka unreachable, not authorized), 2 invalid"
          + " setting."
    })
public final class WorkersCommand implements Callable<Integer> {

  /** Variables read straight from the process environment (not FISO_ settings). */
  static final List<String> PLAIN_VARIABLES =
      List.of("PUBSUB_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS");

  @Spec CommandSpec spec;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "aws|azure|gcp",
      description = "The cloud whose routed invocations to run.")
  Provider provider;

  @Option(
      names = "--ordered",
      description =
          "Ordered mode: a classic consumer group, records of one key one after the other"
              + " (setting worker.ordered, env FISO_WORKER_ORDERED).")
  boolean ordered;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (setting topic.prefix, env FISO_TOPIC_PREFIX).")
  String prefix;

  @Override
  public Integer call() throws InterruptedException {
    Fiso root = Fiso.root(spec);
    FisoSettings settings = root.settings();
    Map<String, String> env = environment(settings, root.environment());
    if (ordered) {
      env.put("FISO_WORKER_ORDERED", "true");
    }
    WorkerSettings workerSettings;
    Invoker invoker;
    try {
      workerSettings = WorkerSettings.fromEnv(provider, env);
      invoker =
          Invokers.fromEnv(
              provider, env, workerSettings.concurrency(), workerSettings.callTimeout());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    }
    String topicPrefix =
        prefix != null ? prefix : settings.optional(TopicCatalog.PREFIX_SETTING).orElse("");
    TopicCatalog topics = TopicCatalog.prefixed(topicPrefix);
    WorkerGroup group;
    try {
      group =
          WorkerGroup.builder(workerSettings)
              .kafka(settings.kafkaClientProperties())
              .registry(SchemaRegistryClients.fromSettings(settings))
              .autoRegisterSchemas(
                  settings.booleanValue("schema.registry.auto.register.schemas", true))
              .topics(topics)
              .invoker(invoker)
              .start();
    } catch (IllegalArgumentException e) {
      invoker.close();
      throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
    } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
      invoker.close();
      throw new CliException(ExitCodes.FAILURE, e.getMessage(), e);
    }
    HealthEndpoint health =
        HealthEndpoint.startIfConfigured(settings, "workers-" + provider, () -> true);
    Thread hook =
        new Thread(
            () -> {
              group.close();
              health.close();
            },
            "fiso-workers-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "FISO %s workers on %s (group %s, %s, at most %d calls in flight), Kafka %s, schema"
            + " registry %s. Stop with Ctrl-C.%n",
        provider,
        topics.routed(provider).name(),
        workerSettings.groupId(),
        workerSettings.ordered() ? "ordered per key" : "share group",
        workerSettings.concurrency(),
        settings.bootstrapServers(),
        settings.schemaRegistryUrl());
    out.flush();
    boolean closed = group.awaitStopped();
    if (!closed) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook closes the group
      }
      group.close();
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  /**
   * The variables the worker settings and invokers read, by their environment names: each FISO_
   * variable through the layered settings (so a properties file may set it), plus the plain ones.
   */
  static Map<String, String> environment(FisoSettings settings, Map<String, String> processEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (var setting : settings.all()) {
      env.put(FisoSettings.envName(setting.key()), setting.value());
    }
    for (String name : PLAIN_VARIABLES) {
      String value = processEnv.get(name);
      if (value != null && !value.isBlank()) {
        env.put(name, value);
      }
    }
    return env;
  }
}
