package io.fiso.cli.bench;

import io.fiso.bench.BenchMain;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.config.Setting;
import io.fiso.schemas.config.SettingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fiso bench <name> [options]}: runs one of the benchmark harnesses of the fiso-bench module
 * ({@code io.fiso.bench.BenchMain}), which parses its own options; {@code fiso bench --help} lists
 * the benchmarks.
 *
 * <p>The benchmarks run against a broker and schema registry embedded in this process unless Kafka
 * is set explicitly (a {@code --bootstrap-servers} flag, {@code FISO_BOOTSTRAP_SERVERS} or the
 * properties file): then against that cluster, with its schema registry and its {@code kafka.*}
 * client settings.
 */
@Command(
    name = "bench",
    description = {
      "Measure FISO's speed against baselines run on the same broker in the same run: `fiso bench"
          + " router`, `fiso bench cost-ingestor`, ... Each run writes"
          + " bench/reports/<date>-<name>.md and .csv. `fiso bench --help` lists the benchmarks,"
          + " `fiso bench router --help` their options; see docs/benchmarks.md."
    },
    footer = {
      "",
      "Benchmarks: router, pipeline, workers, control-plane, cost-ingestor, dev.",
      "",
      "Examples:",
      "  fiso bench router",
      "  fiso bench router --help",
      "  fiso bench workers --rounds 5",
      "  fiso bench dev --jar cli/target/fiso.jar",
      "  fiso --bootstrap-servers kafka:9092 bench router"
    },
    modelTransformer = BenchCommand.PassThrough.class)
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "NAME [OPTIONS]",
      description = "The benchmark and its options, passed to it unchanged.")
  List<String> args = new ArrayList<>();

  /** Everything after {@code bench} goes to the benchmark, options included. */
  public static final class PassThrough implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().unmatchedOptionsArePositionalParams(true).stopAtPositional(true);
      return spec;
    }
  }

  @Override
  public Integer call() {
    if (args.isEmpty() || args.equals(List.of("--help")) || args.equals(List.of("-h"))) {
      spec.commandLine().usage(spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    List<String> forwarded = new ArrayList<>(args);
    if (takesClusterOptions(args.get(0))) {
      forwarded.addAll(clusterOptions(Fiso.root(spec).settings()));
    }
    return invoke(forwarded.toArray(String[]::new));
  }

  /**
   * Whether benchmark {@code name} runs against a cluster (takes {@code --bootstrap-servers}):
   * {@code fiso bench dev} starts its own inside {@code fiso dev}. An unknown name gets none, and
   * the harness names the benchmarks it has.
   */
  static boolean takesClusterOptions(String name) {
    CommandLine benchmark = BenchMain.commandLine().getSubcommands().get(name);
    return benchmark != null
        && benchmark.getCommandSpec().findOption("--bootstrap-servers") != null;
  }

  /** The external cluster's options, when Kafka was set explicitly; none for the embedded one. */
  static List<String> clusterOptions(FisoSettings settings) {
    List<String> options = new ArrayList<>();
    if (explicit(settings.setting(FisoSettings.BOOTSTRAP_SERVERS))) {
      options.add("--bootstrap-servers=" + settings.bootstrapServers());
      if (explicit(settings.setting(FisoSettings.SCHEMA_REGISTRY_URL))) {
        options.add("--schema-registry-url=" + settings.schemaRegistryUrl());
      }
      for (Map.Entry<String, Object> e : settings.kafkaClientProperties().entrySet()) {
        if (!e.getKey().equals(FisoSettings.BOOTSTRAP_SERVERS)) {
          options.add("--client-property=" + e.getKey() + "=" + e.getValue());
        }
      }
    }
    return options;
  }

  private static boolean explicit(Optional<Setting> setting) {
    return setting.isPresent() && setting.get().source() != SettingSource.DEFAULT;
  }

  private static int invoke(String[] args) {
    return BenchMain.execute(args);
  }
}
