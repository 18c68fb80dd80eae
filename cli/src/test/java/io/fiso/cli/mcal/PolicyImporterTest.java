package io.fiso.cli.mcal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Provider;
import io.fiso.avro.RoutingStrategy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyImporterTest {

  private static final ImportOptions CHEAPEST =
      new ImportOptions("fiso-sample", RoutingStrategy.CHEAPEST, null, null);

  @TempDir Path dir;

  private static Map<Provider, TerraformOutputs> allThree() throws McalImportException {
    return Map.of(
        Provider.GCP, Recorded.outputs("out-gcp.json"),
        Provider.AWS, Recorded.outputs("out-aws.json"),
        Provider.AZURE, Recorded.outputs("out-azure.json"));
  }

  @Test
  void importsOneTargetPerCloudInTheOrderAwsAzureGcp() throws McalImportException {
    PolicyDocument policy = PolicyImporter.importPolicy(CHEAPEST, allThree());

    assertThat(policy.function()).isEqualTo("fiso-sample");
    assertThat(policy.name()).isEqualTo("fiso-sample-cheapest");
    assertThat(policy.active()).isTrue();
    assertThat(policy.strategy()).isEqualTo("CHEAPEST");
    assertThat(policy.latencySloMs()).isNull();
    assertThat(policy.targets())
        .containsExactly(
            new PolicyTarget(
                "aws",
                "us-east-1",
                "arn:aws:lambda:us-east-1:123456789012:function:fiso-sample",
                512,
                "arm64",
                null,
                null),
            new PolicyTarget(
                "azure",
                "eastus",
                "https://fiso-sample-k3x9q2.azurewebsites.net/api/fiso-sample",
                512,
                null,
                null,
                null),
            new PolicyTarget(
                "gcp",
                "us-central1",
                "https://us-central1-my-fiso-project.cloudfunctions.net/fiso-sample",
                512,
                null,
                null,
                "projects/my-fiso-project/topics/fiso-sample-async"));
  }

  @Test
  void importsAnySubsetOfClouds() throws McalImportException {
    PolicyDocument policy =
        PolicyImporter.importPolicy(
            CHEAPEST, Map.of(Provider.GCP, Recorded.outputs("out-gcp.json")));

    assertThat(policy.targets()).extracting(PolicyTarget::provider).containsExactly("gcp");
    assertThat(policy.description()).doesNotContain("FISO_AZURE_FUNCTION_KEY");
  }

  @Test
  void neverCopiesTheAzureFunctionKeyButSaysWhereItGoes() throws McalImportException {
    PolicyDocument policy = PolicyImporter.importPolicy(CHEAPEST, allThree());

    assertThat(policy.toString()).doesNotContain(Recorded.AZURE_KEY);
    assertThat(policy.description())
        .contains("FISO_AZURE_FUNCTION_KEY")
        .contains("FISO_AZURE_FUNCTION_KEY_FILE");
  }

  @Test
  void ordersFailoverTargetsByPriority() throws McalImportException {
    ImportOptions failover = new ImportOptions("checkout", RoutingStrategy.FAILOVER, "ha", null);

    PolicyDocument policy = PolicyImporter.importPolicy(failover, allThree());

    assertThat(policy.name()).isEqualTo("ha");
    assertThat(policy.function()).isEqualTo("checkout");
    assertThat(policy.targets()).extracting(PolicyTarget::priority).containsExactly(0, 1, 2);
  }

  @Test
  void carriesTheLatencyObjectiveOfCheapestWithinSlo() throws McalImportException {
    ImportOptions slo =
        new ImportOptions("fiso-sample", RoutingStrategy.CHEAPEST_WITHIN_SLO, null, 300);

    PolicyDocument policy = PolicyImporter.importPolicy(slo, allThree());

    assertThat(policy.latencySloMs()).isEqualTo(300);
    assertThat(policy.name()).isEqualTo("fiso-sample-cheapest-within-slo");
  }

  @Test
  void cheapestWithinSloWithoutAnObjectiveIsRejected() {
    assertThatThrownBy(
            () -> new ImportOptions("fiso-sample", RoutingStrategy.CHEAPEST_WITHIN_SLO, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--latency-slo-ms");
  }

  @Test
  void needsAtLeastOneCloud() {
    assertThatThrownBy(() -> PolicyImporter.importPolicy(CHEAPEST, Map.of()))
        .isInstanceOf(McalImportException.class)
        .hasMessageContaining("--aws, --azure, --gcp");
  }

  @Test
  void rejectsARegionThatContradictsTheArn() {
    Path file =
        Recorded.variant(
            dir, "out-aws.json", "\"value\": \"us-east-1\"", "\"value\": \"eu-west-1\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.AWS, TerraformOutputs.read(file))))
        .isInstanceOf(McalImportException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("\"region\"")
        .hasMessageContaining("us-east-1");
  }

  @Test
  void rejectsAnUnknownArchitecture() {
    Path file = Recorded.variant(dir, "out-aws.json", "\"arm64\"", "\"aarch64\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.AWS, TerraformOutputs.read(file))))
        .hasMessageContaining("\"architecture\"")
        .hasMessageContaining("x86_64 or arm64")
        .hasMessageContaining("aarch64");
  }

  @Test
  void rejectsAFunctionArnThatIsNotALambdaArn() {
    Path file =
        Recorded.variant(
            dir,
            "out-aws.json",
            "arn:aws:lambda:us-east-1:123456789012:function:fiso-sample\"",
            "fiso-sample\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.AWS, TerraformOutputs.read(file))))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("\"function_arn\"")
        .hasMessageContaining("Lambda function ARN");
  }

  @Test
  void refusesAnAzureUrlCarryingAKeyWithoutPrintingIt() {
    Path file =
        Recorded.variant(
            dir, "out-azure.json", "/api/fiso-sample\"", "/api/fiso-sample?code=SECRET-IN-URL\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.AZURE, TerraformOutputs.read(file))))
        .hasMessageContaining("\"function_url\"")
        .hasMessageContaining("FISO_AZURE_FUNCTION_KEY")
        .hasMessageNotContaining("SECRET-IN-URL");
  }

  @Test
  void rejectsAPlainHttpUrlWithoutEchoingItsQuery() {
    Path file =
        Recorded.variant(
            dir,
            "out-azure.json",
            "https://fiso-sample-k3x9q2.azurewebsites.net/api/fiso-sample\"",
            "http://fiso-sample-k3x9q2.azurewebsites.net/api/fiso-sample?code=SECRET\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.AZURE, TerraformOutputs.read(file))))
        .hasMessageContaining("must be an https:// URL")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void rejectsAPubSubTopicThatIsNotAFullTopicName() {
    Path file =
        Recorded.variant(
            dir,
            "out-gcp.json",
            "\"projects/my-fiso-project/topics/fiso-sample-async\"",
            "\"fiso-sample-async\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.GCP, TerraformOutputs.read(file))))
        .hasMessageContaining("\"pubsub_topic\"")
        .hasMessageContaining("projects/PROJECT/topics/TOPIC");
  }

  @Test
  void aMissingOutputIsNamedWithTheFile() {
    Path file = Recorded.variant(dir, "out-gcp.json", "\"pubsub_topic\"", "\"topic\"");

    assertThatThrownBy(
            () ->
                PolicyImporter.importPolicy(
                    CHEAPEST, Map.of(Provider.GCP, TerraformOutputs.read(file))))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("output \"pubsub_topic\" is missing");
  }
}
