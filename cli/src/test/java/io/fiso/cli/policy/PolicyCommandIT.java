package io.fiso.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.cli.CliRun;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fiso policy apply / list / get / delete} against the real embedded broker. */
@FisoKafka
class PolicyCommandIT {

  private static final String POLICIES =
      """
      policies:
        - function: checkout
          name: checkout-cost-saver
          strategy: CHEAPEST_WITHIN_SLO
          latencySloMs: 300
          maxCostPerInvocationUsd: "0.0001"
          targets:
            - {provider: aws, region: us-east-1, target: "arn:aws:lambda:us-east-1:123456789012:function:checkout", memoryMb: 512}
            - {provider: gcp, region: us-central1, target: "https://us-central1-p.cloudfunctions.net/checkout", memoryMb: 512}
      """;

  private static final String SEED =
      """
      name: default-cost-saver
      default_provider: aws
      default_arn: arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py
      """;

  private static CliRun fiso(KafkaTestEnv kafka, String... args) {
    return PolicyCli.run(
        Map.of(
            "FISO_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
            "FISO_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl(),
            "FISO_TOPIC_PREFIX", kafka.topicPrefix()),
        args);
  }

  @Test
  void applyListGetUpdateAndDelete(KafkaTestEnv kafka, @TempDir Path dir) throws Exception {
    kafka.topics();
    Path policies = Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    Path seed = Files.writeString(dir.resolve("seed.yaml"), SEED);
    String topic = kafka.name("fiso.policies");

    CliRun dryRun = fiso(kafka, "policy", "apply", "-f", policies.toString(), "--dry-run");
    CliRun apply = fiso(kafka, "policy", "apply", "-f", policies.toString(), "-f", seed.toString());
    CliRun again = fiso(kafka, "policy", "apply", "-f", policies.toString());
    CliRun list = fiso(kafka, "policy", "list");
    CliRun get = fiso(kafka, "policy", "get", "checkout");

    assertThat(dryRun.exitCode()).as("%s", dryRun).isZero();
    assertThat(dryRun.out())
        .contains("would create checkout (checkout-cost-saver, CHEAPEST_WITHIN_SLO, 2 targets)")
        .contains("Dry run: nothing was written to " + topic);
    assertThat(apply.exitCode()).as("%s", apply).isZero();
    assertThat(apply.out())
        .contains("2 policies valid")
        .contains("create    '*' (default-cost-saver, PINNED, 1 target) version 1")
        .contains("Applied 2 policies to " + topic);
    assertThat(again.out())
        .contains("unchanged checkout")
        .contains("Nothing to apply: " + topic + " already holds these policies.");
    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.out())
        .contains("FUNCTION")
        .containsPattern("\\*\\s+default-cost-saver\\s+PINNED\\s+yes\\s+1\\s+aws/us-east-1")
        .containsPattern(
            "checkout\\s+checkout-cost-saver\\s+CHEAPEST_WITHIN_SLO\\s+yes\\s+1\\s+"
                + "aws/us-east-1,gcp/us-central1");
    assertThat(get.exitCode()).as("%s", get).isZero();
    assertThat(get.out())
        .contains("function: checkout")
        .contains("maxCostPerInvocationUsd: \"0.0001\"")
        .contains("version: 1");

    // What get prints can be edited and applied again: version 2.
    Path edited =
        Files.writeString(
            dir.resolve("edited.yaml"),
            get.out().replace("latencySloMs: 300", "latencySloMs: 250"));
    CliRun update = fiso(kafka, "policy", "apply", "-f", edited.toString());
    assertThat(update.out()).contains("update    checkout").contains("version 1 -> 2");
    assertThat(fiso(kafka, "policy", "get", "checkout").out())
        .contains("latencySloMs: 250")
        .contains("version: 2");

    CliRun delete = fiso(kafka, "policy", "delete", "checkout");
    CliRun gone = fiso(kafka, "policy", "get", "checkout");
    CliRun defaultPolicy = fiso(kafka, "policy", "get", "*", "-o", "json");

    assertThat(delete.exitCode()).as("%s", delete).isZero();
    assertThat(delete.out())
        .contains("Deleted the policy for checkout (checkout-cost-saver, version 2).")
        .contains("now use the default policy '*' (default-cost-saver)");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).contains("No policy for checkout on " + topic + " (policies: '*')");
    assertThat(defaultPolicy.out()).contains("\"function\" : \"*\"");
  }
}
