package io.fiso.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.bench.BenchMain;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {

  @Test
  void everyBenchmarkTakesTheRunOptions() {
    CommandLine bench = BenchMain.commandLine();
    assertThat(bench.getSubcommands())
        .containsKeys("router", "pipeline", "workers", "control-plane", "cost-ingestor", "dev");
    bench
        .getSubcommands()
        .forEach(
            (name, cl) -> {
              for (String option :
                  new String[] {"--rounds", "--report-dir", "--report-name", "--timeout"}) {
                assertThat(cl.getCommandSpec().findOption(option))
                    .as(name + " " + option)
                    .isNotNull();
              }
            });
  }

  @Test
  void theControlPlaneBenchmarkReadsClusterAndRunOptions() {
    CommandLine.ParseResult r =
        BenchMain.commandLine()
            .parseArgs("control-plane", "--rounds=2", "--bootstrap-servers=k:9092", "--clients=10");
    ControlPlaneCommand cmd = (ControlPlaneCommand) r.subcommand().commandSpec().userObject();
    assertThat(cmd.common.rounds()).isEqualTo(2);
    assertThat(cmd.common.bootstrapServers()).isEqualTo("k:9092");
    assertThat(cmd.clients).isEqualTo(10);
  }

  @Test
  void theDevBenchmarkRunsItsOwnBrokerAndTakesNoClusterOptions() {
    CommandLine.ParseResult r =
        BenchMain.commandLine().parseArgs("dev", "--rounds=1", "--jar=/x/fiso.jar", "--idle=5s");
    DevCommand cmd = (DevCommand) r.subcommand().commandSpec().userObject();
    assertThat(cmd.common.rounds()).isEqualTo(1);
    assertThat(cmd.jar).isEqualTo(Path.of("/x/fiso.jar"));
    assertThatThrownBy(() -> BenchMain.commandLine().parseArgs("dev", "--bootstrap-servers=k:9092"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void theRouterBenchmarkRejectsMorePlainLoopsThanPartitionsBeforeStarting() {
    RouterCommand tooMany =
        (RouterCommand)
            BenchMain.commandLine()
                .parseArgs("router", "--threads=8", "--partitions=6")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThatThrownBy(tooMany::options)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--threads 8")
        .hasMessageContaining("6 partitions");
    RouterCommand withoutPlain =
        (RouterCommand)
            BenchMain.commandLine()
                .parseArgs("router", "--threads=8", "--partitions=6", "--systems=streams,router")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(withoutPlain.options().threads()).isEqualTo(8);
  }

  @Test
  void thePipelineBenchmarkTakesAnAssumedMaximumRate() {
    PipelineCommand assumed =
        (PipelineCommand)
            BenchMain.commandLine()
                .parseArgs("pipeline", "--assume-max=1500")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(assumed.options().assumedMax()).isEqualTo(1500.0);
    PipelineCommand measured =
        (PipelineCommand)
            BenchMain.commandLine().parseArgs("pipeline").subcommand().commandSpec().userObject();
    assertThat(measured.options().assumedMax()).isZero();
    PipelineCommand negative =
        (PipelineCommand)
            BenchMain.commandLine()
                .parseArgs("pipeline", "--assume-max=-5")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThatThrownBy(negative::options).hasMessageContaining("--assume-max");
  }
}
