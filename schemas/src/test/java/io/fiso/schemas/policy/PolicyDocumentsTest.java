package io.fiso.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDocumentsTest {

  static final String FULL =
      """
      policies:
        - function: checkout              # logical function name
          name: checkout-cost-saver
          active: true
          strategy: CHEAPEST_WITHIN_SLO
          latencySloMs: 300
          maxCostPerInvocationUsd: "0.0001"
          allowedRegions: [us-east-1, eastus, us-central1]
          budget:
            amountUsd: "50.00"
            period: MONTH
            action: BLOCK
            scope: "label:team=payments"
          description: "free text"
          targets:
            - provider: aws
              region: us-east-1
              target: arn:aws:lambda:us-east-1:123456789012:function:fiso-sample
              memoryMb: 512
              architecture: arm64
              weight: 2
              priority: 0
            - provider: azure
              region: eastus
              target: https://fiso-sample.azurewebsites.net/api/fiso-sample
              memoryMb: 512
            - provider: gcp
              region: us-central1
              target: https://us-central1-myproj.cloudfunctions.net/fiso-sample
              asyncTarget: projects/myproj/topics/fiso-sample-async
              memoryMb: 512
      """;

  @Test
  void readsTheDocumentedExample() {
    List<RoutingPolicy> policies = PolicyDocuments.check("policies.yaml", FULL).orThrow();

    assertThat(policies).hasSize(1);
    RoutingPolicy p = policies.get(0);
    assertThat(p.getFunction()).isEqualTo("checkout");
    assertThat(p.getName()).isEqualTo("checkout-cost-saver");
    assertThat(p.getActive()).isTrue();
    assertThat(p.getStrategy()).isEqualTo(RoutingStrategy.CHEAPEST_WITHIN_SLO);
    assertThat(p.getLatencySloMs()).isEqualTo(300);
    assertThat(p.getMaxCostPerInvocation()).isEqualByComparingTo("0.0001");
    assertThat(p.getAllowedRegions()).containsExactly("us-east-1", "eastus", "us-central1");
    assertThat(p.getBudget().getAmount()).isEqualByComparingTo("50");
    assertThat(p.getBudget().getPeriod()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(p.getBudget().getAction()).isEqualTo(BudgetAction.BLOCK);
    assertThat(p.getBudget().getScope()).isEqualTo("label:team=payments");
    assertThat(p.getTargets()).hasSize(3);
    FunctionTarget aws = p.getTargets().get(0);
    assertThat(aws.getProvider()).isEqualTo(Provider.AWS);
    assertThat(aws.getArchitecture()).isEqualTo(Architecture.ARM64);
    assertThat(aws.getWeight()).isEqualTo(2);
    FunctionTarget azure = p.getTargets().get(1);
    assertThat(azure.getArchitecture()).isEqualTo(Architecture.X86_64);
    assertThat(azure.getWeight()).isEqualTo(1);
    assertThat(azure.getPriority()).isZero();
    assertThat(p.getTargets().get(2).getAsyncTarget())
        .isEqualTo("projects/myproj/topics/fiso-sample-async");
  }

  @Test
  void readsTheSeedsDefaultCostSaverRowAsAPinnedDefaultPolicy() {
    String seed =
        """
        name: default-cost-saver
        default_provider: aws
        default_arn: arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py
        """;

    RoutingPolicy p = PolicyDocuments.check("seed.yaml", seed).orThrow().get(0);

    assertThat(p.getFunction()).isEqualTo("*");
    assertThat(p.getName()).isEqualTo("default-cost-saver");
    assertThat(p.getActive()).isTrue();
    assertThat(p.getStrategy()).isEqualTo(RoutingStrategy.PINNED);
    assertThat(p.getTargets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getProvider()).isEqualTo(Provider.AWS);
              assertThat(t.getRegion()).isEqualTo("us-east-1");
              assertThat(t.getTarget())
                  .isEqualTo("arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py");
            });
  }

  @Test
  void seedRowHonoursIsActive() {
    String seed =
        """
        {"name": "default-cost-saver", "default_provider": "AWS",
         "default_arn": "arn:aws:lambda:eu-west-1:123456789012:function:f", "is_active": false}
        """;

    RoutingPolicy p = PolicyDocuments.check("seed.json", seed).orThrow().get(0);

    assertThat(p.getActive()).isFalse();
    assertThat(p.getTargets().get(0).getRegion()).isEqualTo("eu-west-1");
  }

  @Test
  void readsJsonWithASinglePolicy() {
    String json =
        """
        {"function": "resize", "strategy": "weighted",
         "targets": [
           {"provider": "aws", "region": "us-east-1", "target": "resize", "weight": 3},
           {"provider": "gcp", "region": "us-central1",
            "target": "https://us-central1-p.cloudfunctions.net/resize", "weight": 1}]}
        """;

    RoutingPolicy p = PolicyDocuments.check("policy.json", json).orThrow().get(0);

    assertThat(p.getName()).isEqualTo("resize");
    assertThat(p.getStrategy()).isEqualTo(RoutingStrategy.WEIGHTED);
    assertThat(p.getTargets()).extracting(FunctionTarget::getWeight).containsExactly(3, 1);
  }

  @Test
  void takesTheRegionOfAnAwsTargetFromItsArnWhenLeftOut() {
    String yaml =
        """
        function: f
        strategy: PINNED
        targets:
          - provider: aws
            target: arn:aws:lambda:ap-south-1:123456789012:function:f
        """;

    RoutingPolicy p = PolicyDocuments.check("p.yaml", yaml).orThrow().get(0);

    assertThat(p.getTargets().get(0).getRegion()).isEqualTo("ap-south-1");
  }

  @Test
  void reportsEveryProblemNamingFilePolicyAndField() {
    String yaml =
        """
        policies:
          - function: checkout
            strategy: CHEAPEST_WITHIN_SLO
            targets:
              - provider: ibm
                region: us-south
                target: https://x.example/fn
              - provider: aws
                region: us-east-1
                target: arn:aws:lambda:us-east-1:123456789012:function:f
                memoryMb: 20000
          - function: resize
            strategy: WEIGHTED
            targets:
              - provider: aws
                region: us-east-1
                target: f
                weight: 0
              - provider: aws
                region: us-east-1
                target: f
                weight: 0
          - function: thumbs
            strategy: CHEAPER
            maxCostPerInvocationUsd: "0.0001x"
            targets: []
          - name: no-function
            strategy: PINNED
        """;

    PolicyDocuments.Result result = PolicyDocuments.check("policies.yaml", yaml);

    assertThat(result.ok()).isFalse();
    assertThat(result.policies()).isEmpty();
    assertThat(result.problems())
        .extracting(PolicyProblem::toString)
        .containsExactlyInAnyOrder(
            "policies.yaml: policy #1 (function \"checkout\"): targets[1].provider: unknown"
                + " provider 'ibm': use aws, azure or gcp",
            "policies.yaml: policy #1 (function \"checkout\"): targets[2].memoryMb: memory 20000"
                + " MB is out of range for AWS Lambda: use 128 to 10240 MB",
            "policies.yaml: policy #1 (function \"checkout\"): latencySloMs: strategy"
                + " CHEAPEST_WITHIN_SLO needs a latency objective: add latencySloMs (the p95 in ms"
                + " a target must meet, e.g. latencySloMs: 300)",
            "policies.yaml: policy #2 (function \"resize\"): targets[2]: duplicates targets[1]"
                + " (same provider AWS Lambda, region us-east-1 and target): remove one",
            "policies.yaml: policy #2 (function \"resize\"): targets[*].weight: WEIGHTED needs"
                + " weights that sum to a positive number, they sum to 0: give at least one target"
                + " a weight of 1 or more",
            "policies.yaml: policy #3 (function \"thumbs\"): strategy: unknown strategy 'CHEAPER':"
                + " use one of PINNED, WEIGHTED, FAILOVER, CHEAPEST, FASTEST,"
                + " CHEAPEST_WITHIN_SLO",
            "policies.yaml: policy #3 (function \"thumbs\"): maxCostPerInvocationUsd: '0.0001x'"
                + " is not a decimal number: write it as a string such as \"0.0001\"",
            "policies.yaml: policy #3 (function \"thumbs\"): targets: is empty: at least one"
                + " target is required (provider, region, target)",
            "policies.yaml: policy #4: function: is required",
            "policies.yaml: policy #4: targets: at least one target is required (provider,"
                + " region, target)");
  }

  @Test
  void rejectsBadDecimalsAndUnknownFieldsWithASuggestion() {
    String yaml =
        """
        function: f
        strategy: PINNED
        maxCostPerInvocation: "0.1"
        budget: {amountUsd: "-5", period: WEEK}
        targets:
          - provider: azure
            region: eastus
            target: https://f.azurewebsites.net/api/f
            memoryMb: 2048
            architecture: arm64
        """;

    List<PolicyProblem> problems = PolicyDocuments.check("f.yaml", yaml).problems();

    assertThat(problems)
        .extracting(PolicyProblem::field, PolicyProblem::message)
        .anySatisfy(t -> assertThat(t.toList().get(0)).isEqualTo("maxCostPerInvocation"))
        .anySatisfy(
            t ->
                assertThat(t.toList())
                    .containsExactly(
                        "budget.amountUsd", "must be a positive amount of USD, was -5"))
        .anySatisfy(
            t ->
                assertThat(t.toList())
                    .containsExactly("budget.period", "unknown value 'WEEK': use DAY or MONTH"))
        .anySatisfy(
            t ->
                assertThat(t.toList())
                    .containsExactly(
                        "targets[1].memoryMb",
                        "memory 2048 MB is out of range for Azure Functions: use 128 to 1536 MB"))
        .anySatisfy(t -> assertThat(t.toList().get(0)).isEqualTo("targets[1].architecture"));
    assertThat(problems.get(0).message()).contains("did you mean maxCostPerInvocationUsd?");
  }

  @Test
  void rejectsMoneyWithMoreDecimalsThanAvroHolds() {
    String yaml =
        """
        function: f
        strategy: PINNED
        maxCostPerInvocationUsd: "0.0000000000000000000000001"
        targets: [{provider: aws, region: us-east-1, target: f}]
        """;

    assertThat(PolicyDocuments.check("f.yaml", yaml).problems())
        .singleElement()
        .extracting(PolicyProblem::message)
        .isEqualTo("0.0000000000000000000000001 has more than 24 decimal places");
  }

  @Test
  void rejectsAnArnWhoseRegionDisagreesWithTheTarget() {
    String yaml =
        """
        function: f
        strategy: PINNED
        targets:
          - {provider: aws, region: us-west-2,
             target: "arn:aws:lambda:us-east-1:123456789012:function:f"}
        """;

    assertThat(PolicyDocuments.check("f.yaml", yaml).problems())
        .singleElement()
        .extracting(PolicyProblem::message)
        .isEqualTo(
            "the ARN is in region us-east-1 but the target's region is us-west-2: make them"
                + " agree");
  }

  @Test
  void rejectsTheSameFunctionTwiceInOneFile() {
    String yaml =
        """
        policies:
          - {function: f, strategy: PINNED, targets: [{provider: aws, region: us-east-1, target: f}]}
          - {function: f, strategy: PINNED, targets: [{provider: aws, region: us-east-1, target: g}]}
        """;

    assertThat(PolicyDocuments.check("f.yaml", yaml).problems())
        .singleElement()
        .extracting(PolicyProblem::toString)
        .isEqualTo(
            "f.yaml: policy #2 (function \"f\"): function: policy #1 is also for function \"f\":"
                + " one policy per function (the later one would replace the earlier)");
  }

  @Test
  void rejectsAllowedRegionsThatNoTargetIsIn() {
    String yaml =
        """
        function: f
        strategy: PINNED
        allowedRegions: [eu-west-1]
        targets: [{provider: aws, region: us-east-1, target: f}]
        """;

    assertThat(PolicyDocuments.check("f.yaml", yaml).problems())
        .singleElement()
        .extracting(PolicyProblem::field)
        .isEqualTo("allowedRegions");
  }

  @Test
  void reportsMalformedYamlWithItsLine() {
    String yaml = "function: f\nstrategy: [PINNED\n";

    assertThat(PolicyDocuments.check("broken.yaml", yaml).problems())
        .singleElement()
        .extracting(PolicyProblem::toString)
        .asString()
        .startsWith("broken.yaml: not valid YAML at line");
  }

  @Test
  void rejectsMixingTheSeedShorthandWithTheFullForm() {
    String yaml =
        """
        name: x
        default_provider: aws
        default_arn: arn:aws:lambda:us-east-1:1:function:f
        strategy: WEIGHTED
        """;

    assertThat(PolicyDocuments.check("x.yaml", yaml).problems())
        .singleElement()
        .extracting(PolicyProblem::message)
        .asString()
        .contains("mixes the seed's shorthand");
  }

  @Test
  void readOfAFileThrowsWithEveryProblem(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "function: f\nstrategy: FASTEST\ntargets: [{provider: oracle}]\n");

    assertThatThrownBy(() -> PolicyDocuments.read(file))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining(file + ": policy #1 (function \"f\"): targets[1].provider")
        .satisfies(
            e -> assertThat(((PolicyValidationException) e).problems()).hasSizeGreaterThan(0));
  }

  @Test
  void readAllRejectsAFunctionDefinedInTwoFiles(@TempDir Path dir) throws IOException {
    String policy =
        "function: f\nstrategy: PINNED\ntargets: [{provider: aws, region: us-east-1, target: f}]\n";
    Path a = Files.writeString(dir.resolve("a.yaml"), policy);
    Path b = Files.writeString(dir.resolve("b.yaml"), policy);

    assertThatThrownBy(() -> PolicyDocuments.readAll(List.of(a, b)))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("is also defined in " + a);
  }

  @Test
  void ignoresVersionAndUpdatedAtSoThatGetOutputCanBeReapplied() {
    String yaml =
        """
        function: f
        strategy: PINNED
        targets: [{provider: aws, region: us-east-1, target: f}]
        version: 7
        updatedAt: "2026-01-01T00:00:00Z"
        """;

    RoutingPolicy p = PolicyDocuments.check("f.yaml", yaml).orThrow().get(0);

    assertThat(p.getVersion()).isEqualTo(1);
    assertThat(p.getMaxCostPerInvocation()).isNull();
  }
}
