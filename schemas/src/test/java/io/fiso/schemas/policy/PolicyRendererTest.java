package io.fiso.schemas.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.RoutingPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyRendererTest {

  @Test
  void renderedYamlReadsBackAsTheSamePolicy() {
    RoutingPolicy original =
        PolicyDocuments.check("policies.yaml", PolicyDocumentsTest.FULL).orThrow().get(0);
    RoutingPolicy written =
        PolicyDocuments.check("policies.yaml", PolicyDocumentsTest.FULL).orThrow().get(0);
    written.setVersion(4);
    written.setUpdatedAt(Instant.parse("2026-11-26T10:00:00Z"));

    String yaml = PolicyRenderer.toYaml(written);
    RoutingPolicy reread = PolicyDocuments.check("get.yaml", yaml).orThrow().get(0);

    assertThat(yaml)
        .contains("function: checkout")
        .contains("maxCostPerInvocationUsd: \"0.0001\"")
        .contains("amountUsd: \"50\"")
        .contains("version: 4")
        .contains("provider: aws");
    assertThat(reread.toString()).isEqualTo(original.toString());
  }

  @Test
  void theDefaultPolicyKeyIsQuotedSoThatYamlReadsItBack() {
    RoutingPolicy seed =
        PolicyDocuments.check(
                "seed.yaml",
                "name: default-cost-saver\ndefault_provider: aws\n"
                    + "default_arn: arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py\n")
            .orThrow()
            .get(0);

    String yaml = PolicyRenderer.toYaml(List.of(seed));
    List<RoutingPolicy> reread = PolicyDocuments.check("list.yaml", yaml).orThrow();

    assertThat(yaml).startsWith("policies:");
    assertThat(reread).extracting(RoutingPolicy::getFunction).containsExactly("*");
    assertThat(reread.get(0).toString()).isEqualTo(seed.toString());
  }

  @Test
  void jsonRendersInTheSameFormat() {
    RoutingPolicy original =
        PolicyDocuments.check("policies.yaml", PolicyDocumentsTest.FULL).orThrow().get(0);

    String json = PolicyRenderer.toJson(original);

    assertThat(PolicyDocuments.check("p.json", json).orThrow().get(0).toString())
        .isEqualTo(original.toString());
  }
}
