package io.fiso.cli.mcal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class McalImportCommandTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int fiso(String... args) {
    // As the lead registers it: `fiso mcal import ...`.
    CommandLine mcal = new CommandLine(new McalCommand());
    mcal.setOut(new PrintWriter(out));
    mcal.setErr(new PrintWriter(err));
    return mcal.execute(args);
  }

  private static String aws() {
    return Recorded.file("out-aws.json").toString();
  }

  private static String azure() {
    return Recorded.file("out-azure.json").toString();
  }

  private static String gcp() {
    return Recorded.file("out-gcp.json").toString();
  }

  @Test
  void writesAPolicyFileInThePolicyFormatWithOneTargetPerCloud() throws Exception {
    Path policyFile = dir.resolve("policy.yaml");

    int exit =
        fiso(
            "import",
            "--aws",
            aws(),
            "--azure",
            azure(),
            "--gcp",
            gcp(),
            "-o",
            policyFile.toString());

    assertThat(exit).as(err.toString()).isZero();
    JsonNode policies = YAML.readTree(policyFile.toFile()).get("policies");
    assertThat(policies).hasSize(1);
    JsonNode policy = policies.get(0);
    assertThat(policy.get("function").asText()).isEqualTo("fiso-sample");
    assertThat(policy.get("name").asText()).isEqualTo("fiso-sample-cheapest");
    assertThat(policy.get("active").asBoolean()).isTrue();
    assertThat(policy.get("strategy").asText()).isEqualTo("CHEAPEST");
    JsonNode targets = policy.get("targets");
    assertThat(targets).hasSize(3);
    assertThat(targets.get(0).get("provider").asText()).isEqualTo("aws");
    assertThat(targets.get(0).get("target").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:fiso-sample");
    assertThat(targets.get(0).get("memoryMb").asInt()).isEqualTo(512);
    assertThat(targets.get(0).get("architecture").asText()).isEqualTo("arm64");
    assertThat(targets.get(1).get("provider").asText()).isEqualTo("azure");
    assertThat(targets.get(1).get("region").asText()).isEqualTo("eastus");
    assertThat(targets.get(2).get("provider").asText()).isEqualTo("gcp");
    assertThat(targets.get(2).get("asyncTarget").asText())
        .isEqualTo("projects/my-fiso-project/topics/fiso-sample-async");
    assertThat(err.toString()).contains("fiso policy apply -f " + policyFile);
  }

  @Test
  void thePolicyFileNeverHoldsTheAzureKeyButSaysWhereItGoes() throws Exception {
    Path policyFile = dir.resolve("policy.yaml");

    fiso("import", "--azure", azure(), "-o", policyFile.toString());

    String text = Files.readString(policyFile);
    assertThat(text).doesNotContain(Recorded.AZURE_KEY);
    assertThat(text.lines().filter(line -> line.startsWith("#")))
        .anyMatch(line -> line.contains("FISO_AZURE_FUNCTION_KEY"))
        .anyMatch(line -> line.contains("FISO_AZURE_FUNCTION_KEY_FILE"));
    assertThat(out.toString() + err).doesNotContain(Recorded.AZURE_KEY);
  }

  @Test
  void writesToStandardOutputByDefaultAndTheSummaryToStandardError() throws Exception {
    int exit = fiso("import", "--gcp", gcp(), "--strategy", "fastest", "--function", "checkout");

    assertThat(exit).isZero();
    JsonNode policy = YAML.readTree(out.toString()).get("policies").get(0);
    assertThat(policy.get("strategy").asText()).isEqualTo("FASTEST");
    assertThat(policy.get("name").asText()).isEqualTo("checkout-fastest");
    assertThat(err.toString()).contains("gcp us-central1").doesNotContain("policies:");
  }

  @Test
  void writesJsonForAJsonFileName() throws Exception {
    Path policyFile = dir.resolve("policy.json");

    int exit =
        fiso(
            "import",
            "--aws",
            aws(),
            "--name",
            "pinned-aws",
            "--strategy",
            "PINNED",
            "-o",
            policyFile.toString());

    assertThat(exit).isZero();
    JsonNode policy = JSON.readTree(policyFile.toFile()).get("policies").get(0);
    assertThat(policy.get("name").asText()).isEqualTo("pinned-aws");
    assertThat(policy.get("strategy").asText()).isEqualTo("PINNED");
  }

  @Test
  void withoutAnyCloudItIsAUsageError() {
    int exit = fiso("import", "-o", dir.resolve("p.yaml").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("give at least one of --aws, --azure, --gcp");
    assertThat(dir.resolve("p.yaml")).doesNotExist();
  }

  @Test
  void aMissingFileFailsNamingItAndWritesNothing() {
    Path missing = dir.resolve("out-azure.json");
    Path policyFile = dir.resolve("policy.yaml");

    int exit =
        fiso("import", "--aws", aws(), "--azure", missing.toString(), "-o", policyFile.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("fiso mcal import: " + missing + ": no such file");
    assertThat(policyFile).doesNotExist();
  }

  @Test
  void aMalformedFieldFailsNamingFileAndField() throws Exception {
    Path broken = Recorded.variant(dir, "out-gcp.json", "\"value\": 512", "\"value\": \"lots\"");

    int exit = fiso("import", "--gcp", broken.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains(broken + ": output \"memory_mb\" must be a whole number, was \"lots\"");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownStrategyIsAUsageError() {
    int exit = fiso("import", "--aws", aws(), "--strategy", "RANDOM");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--strategy RANDOM is not a routing strategy")
        .contains("CHEAPEST_WITHIN_SLO");
  }

  @Test
  void cheapestWithinSloNeedsItsObjective() throws Exception {
    assertThat(fiso("import", "--aws", aws(), "--strategy", "cheapest-within-slo")).isEqualTo(2);
    assertThat(err.toString()).contains("--latency-slo-ms");

    assertThat(
            fiso(
                "import",
                "--aws",
                aws(),
                "--strategy",
                "CHEAPEST_WITHIN_SLO",
                "--latency-slo-ms",
                "250"))
        .isZero();
    assertThat(YAML.readTree(out.toString()).get("policies").get(0).get("latencySloMs").asInt())
        .isEqualTo(250);
  }
}
