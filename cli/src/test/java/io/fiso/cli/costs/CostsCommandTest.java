package io.fiso.cli.costs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.cli.CliRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage errors of {@code fiso costs} and {@code fiso cost-ingestor}: found before any Kafka call.
 */
class CostsCommandTest {

  private static CliRun fiso(String... args) {
    return CostsCli.run(Map.of("FISO_BOOTSTRAP_SERVERS", "127.0.0.1:1"), args);
  }

  @Test
  void anUnknownGroupingIsAUsageError() {
    CliRun run = fiso("costs", "report", "--from", "-1h", "--group-by", "provider,colour");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("cannot group by 'colour'").contains("label:KEY");
  }

  @Test
  void anUnreadableTimeListsTheAcceptedForms() {
    CliRun run = fiso("costs", "report", "--from", "yesterday");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("'yesterday' is not a time").contains("-7d");
  }

  @Test
  void theRangeMustBeForwards() {
    CliRun run = fiso("costs", "report", "--from", "2026-11-02", "--to", "2026-11-01");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("must be after --from");
  }

  @Test
  void fromIsRequired() {
    CliRun run = fiso("costs", "report");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--from");
  }

  @Test
  void exportNeedsFocus() {
    CliRun run = fiso("costs", "export", "--from", "-1h");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("Give --focus");
  }

  @Test
  void whatIfNamesAMissingOrInvalidPolicyFile(@TempDir Path dir) throws Exception {
    CliRun missing =
        fiso("costs", "what-if", "--policy", dir.resolve("nope.yaml").toString(), "--from", "-1h");
    assertThat(missing.exitCode()).as("%s", missing).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml: no such file");

    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.writeString(bad, "function: checkout\nstrategy: SOMETIMES\ntargets: []\n");
    CliRun invalid = fiso("costs", "what-if", "--policy", bad.toString(), "--from", "-1h");
    assertThat(invalid.exitCode()).as("%s", invalid).isEqualTo(2);
    assertThat(invalid.err()).contains("bad.yaml");
  }

  @Test
  void theCostIngestorRefusesAnInvalidSettingBeforeStarting() {
    CliRun run =
        CostsCli.run(
            Map.of(
                "FISO_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "FISO_COST_INGESTOR_STATS_RECOVERED_ERROR_RATE", "0.9"),
            "cost-ingestor");
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err())
        .contains("cost.ingestor.stats.recovered.error.rate")
        .contains("FISO_COST_INGESTOR_STATS_RECOVERED_ERROR_RATE");
  }
}
