package io.fiso.cli;

import io.fiso.cli.bench.BenchCommand;
import io.fiso.cli.controlplane.ControlPlaneCommand;
import io.fiso.cli.costingestor.CostIngestorCommand;
import io.fiso.cli.costs.CostsCommand;
import io.fiso.cli.emulators.EmulatorsCommand;
import io.fiso.cli.invoke.InvokeCommand;
import io.fiso.cli.mcal.McalCommand;
import io.fiso.cli.policy.PolicyCommand;
import io.fiso.cli.prices.PricesCommand;
import io.fiso.cli.results.ResultsCommand;
import io.fiso.cli.router.RouterCommand;
import io.fiso.cli.topics.TopicsCommand;
import io.fiso.cli.workers.WorkersCommand;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.workers.invoke.CommonPool;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code fiso} command. Its options ({@code --config}, {@code --bootstrap-servers}, {@code
 * --schema-registry-url}) are inherited by every subcommand and may be given before or after the
 * subcommand's name; a subcommand reads the merged settings with {@code
 * Fiso.root(spec).settings()}.
 */
@Command(
    name = "fiso",
    mixinStandardHelpOptions = true,
    versionProvider = FisoVersion.class,
    usageHelpAutoWidth = true,
    description = {
      "FISO, the FinOps-Intelligent Serverless Orchestrator: routes each serverless invocation to"
          + " AWS Lambda, Azure Functions or Google Cloud Functions by policy, live prices and"
          + " measured cost and latency, over Kafka.",
      "",
      "Settings come from flags, FISO_* environment variables (FISO_BOOTSTRAP_SERVERS,"
          + " FISO_SCHEMA_REGISTRY_URL, FISO_KAFKA_<CLIENT_SETTING> such as"
          + " FISO_KAFKA_SECURITY_PROTOCOL), a properties file (--config or FISO_CONFIG_FILE, keys"
          + " such as bootstrap.servers and kafka.sasl.mechanism) and defaults, in that order.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  fiso topics create          (creates FISO's topics on localhost:9092)",
      "  fiso --bootstrap-servers kafka:9092 topics describe",
      "  FISO_CONFIG_FILE=prod.properties fiso topics create --replication-factor 3",
      "  fiso topics create --help   (help on one command; also: fiso help topics)",
      "",
      "Exit codes: 0 success, 1 failure, 2 wrong usage or invalid setting (or topics that differ"
          + " from the catalog)."
    },
    // The subcommands of fiso, in the order help lists them. Add each new command here.
    subcommands = {
      DevCommand.class,
      TopicsCommand.class,
      ControlPlaneCommand.class,
      RouterCommand.class,
      WorkersCommand.class,
      PolicyCommand.class,
      PricesCommand.class,
      CostIngestorCommand.class,
      CostsCommand.class,
      InvokeCommand.class,
      ResultsCommand.class,
      McalCommand.class,
      EmulatorsCommand.class,
      BenchCommand.class,
      HelpCommand.class,
    })
public final class Fiso implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Properties file with FISO settings (default: $FISO_CONFIG_FILE, if set).")
  Path configFile;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      scope = ScopeType.INHERIT,
      description =
          "Kafka brokers (setting bootstrap.servers, env FISO_BOOTSTRAP_SERVERS; default"
              + " localhost:9092).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "Schema registry (setting schema.registry.url, env FISO_SCHEMA_REGISTRY_URL; default"
              + " http://localhost:8081).")
  String schemaRegistryUrl;

  private final Map<String, String> environment;
  private FisoSettings settings;

  /** The command as run from a shell: settings from the process environment. */
  public Fiso() {
    this(System.getenv());
  }

  /** With a given environment (tests). */
  public Fiso(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    CommonPool.atLeastTwoThreads(); // before anything uses the pool: see CommonPool
    System.exit(commandLine(new Fiso()).execute(args));
  }

  /** The configured command line: error handlers, exit codes. */
  public static CommandLine commandLine(Fiso fiso) {
    return new CommandLine(fiso)
        .setParameterExceptionHandler(new ErrorHandlers.Usage())
        .setExecutionExceptionHandler(new ErrorHandlers.Execution())
        .setExitCodeExceptionMapper(ErrorHandlers::exitCode)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The root {@code fiso} command of any subcommand's spec. */
  public static Fiso root(CommandSpec spec) {
    return (Fiso) spec.root().userObject();
  }

  /**
   * Every setting for this run: flags, then {@code FISO_*} environment variables, then the
   * properties file, then defaults. Read once.
   */
  public synchronized FisoSettings settings() {
    if (settings == null) {
      settings =
          FisoSettings.builder()
              .environment(environment)
              .configFile(configFile)
              .flag(FisoSettings.BOOTSTRAP_SERVERS, "--bootstrap-servers", bootstrapServers)
              .flag(FisoSettings.SCHEMA_REGISTRY_URL, "--schema-registry-url", schemaRegistryUrl)
              .build();
    }
    return settings;
  }

  /** The environment this run reads (for commands that need another variable). */
  public Map<String, String> environment() {
    return environment;
  }

  /** {@code fiso} alone: a usage error that lists the commands. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing a command: one of " + String.join(", ", spec.subcommands().keySet()));
  }
}
