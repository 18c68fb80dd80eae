package io.fiso.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid files are rejected before Kafka is contacted (none runs here). */
class PolicyApplyValidationTest {

  private static final Map<String, String> NO_KAFKA =
      Map.of("FISO_BOOTSTRAP_SERVERS", "127.0.0.1:1");

  @Test
  void everyProblemIsPrintedAndNothingIsWritten(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("policies.yaml"),
            """
            policies:
              - function: checkout
                strategy: CHEAPEST_WITHIN_SLO
                targets:
                  - {provider: ibm, region: x, target: "https://x.example/f"}
              - function: resize
                strategy: WEIGHTED
                targets:
                  - {provider: aws, region: us-east-1, target: f, weight: 0}
            """);

    CliRun run = PolicyCli.run(NO_KAFKA, "policy", "apply", "-f", file.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err())
        .contains("3 problems; nothing was written:")
        .contains(
            file
                + ": policy #1 (function \"checkout\"): targets[1].provider: unknown provider"
                + " 'ibm': use aws, azure or gcp")
        .contains(file + ": policy #1 (function \"checkout\"): latencySloMs:")
        .contains(file + ": policy #2 (function \"resize\"): targets[*].weight:");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingFileIsAUsageError(@TempDir Path dir) {
    CliRun run =
        PolicyCli.run(NO_KAFKA, "policy", "apply", "-f", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("No such file: " + dir.resolve("nope.yaml"));
  }
}
