package io.fiso.cli.bench;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.config.Setting;
import io.fiso.schemas.config.SettingSource;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * client settings. fiso-bench is looked up at run time, so that the cli compiles without it; the
 * fiso jar includes it as a runtime dependency.
 */
@Command(
    name = "bench",
    description = {
      "Measure FISO's speed against baselines run on the same broker in the same run: `fiso bench"
          + " router`, `fiso bench cost-ingestor`, ... Each run writes"
          + " bench/reports/<date>-<name>.md and .csv. `fiso bench --help` lists the benchmarks,"
          + " `fiso bench router --help` their options; see docs/benchmarks.md."
    },
    modelTransformer = BenchCommand.PassThrough.class)
public final class BenchCommand implements Callable<Integer> {

  /** The entry point in fiso-bench: {@code static int execute(String... args)}. */
  static final String BENCH_MAIN = "io.fiso.bench.BenchMain";

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
    List<String> forwarded = new ArrayList<>(args);
    if (forwarded.isEmpty()) {
      forwarded.add("--help");
    }
    forwarded.addAll(clusterOptions(Fiso.root(spec).settings()));
    return invoke(forwarded.toArray(String[]::new));
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
    MethodHandle execute;
    try {
      Class<?> main = Class.forName(BENCH_MAIN, true, BenchCommand.class.getClassLoader());
      execute =
          MethodHandles.publicLookup()
              .findStatic(main, "execute", MethodType.methodType(int.class, String[].class));
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          "fiso bench needs the fiso-bench module on the class path ("
              + BENCH_MAIN
              + " not found): build the fiso jar with io.fiso:fiso-bench as a runtime dependency"
              + " of the cli, or run bench/run from a FISO checkout",
          e);
    }
    try {
      return (int) execute.invoke((Object) args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new CliException(ExitCodes.FAILURE, "fiso bench failed: " + e.getMessage(), e);
    }
  }
}
