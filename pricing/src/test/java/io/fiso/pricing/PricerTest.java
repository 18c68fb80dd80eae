package io.fiso.pricing;

import static io.fiso.pricing.Targets.aws;
import static io.fiso.pricing.Targets.azure;
import static io.fiso.pricing.Targets.gcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.Counterfactual;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricerTest {
  private final Pricer pricer = new Pricer(PriceBook.bundled());

  @Test
  void predicted_cost_of_aws_128mb_at_the_default_100ms_is_0_00000040833375() {
    // 0.125 GB × 0.1 s = 0.0125 GB-s × 0.0000166667 = 0.00000020833375; + 0.0000002.
    assertThat(Pricer.DEFAULT_EXPECTED_DURATION_MS).isEqualTo(100.0);
    assertThat(pricer.predictCost(aws(128, Architecture.X86_64)))
        .isEqualByComparingTo("0.00000040833375");
    assertThat(pricer.predictCost(aws(128, Architecture.X86_64), 100.0))
        .isEqualByComparingTo("0.00000040833375");
  }

  @Test
  void predictions_rank_a_short_run_cheapest_on_aws_and_azure_below_google() {
    // 10 ms: AWS bills 10 ms, Azure and Google bill 100 ms; Google's requests cost twice as much.
    var awsCost = pricer.predictCost(aws(128, Architecture.X86_64), 10);
    var azureCost = pricer.predictCost(azure(128), 10);
    var gcpCost = pricer.predictCost(gcp(128, null), 10);
    assertThat(awsCost).isLessThan(azureCost);
    assertThat(azureCost).isLessThan(gcpCost);
  }

  @Test
  void counterfactual_of_an_aws_run_on_gcp_256mb_uses_the_measured_12_34ms_billed_as_100ms() {
    // GCP: 12.34 ms → 100 ms; 0.167 × 0.1 × 0.000024 = 0.0000004008;
    // 0.25 × 0.1 × 0.0000025 = 0.0000000625; + 0.0000004 = 0.0000008633.
    Usage actual = Usage.reportedByAws(aws(128, Architecture.X86_64), 12.34, 13);
    Counterfactual cf = pricer.counterfactual(actual, gcp(256, null));

    assertThat(cf.getBilledDurationMs()).isEqualTo(100);
    assertThat(cf.getCost()).isEqualByComparingTo("0.0000008633");
    assertThat(cf.getCost().scale()).isEqualTo(24);
    assertThat(cf.getTarget()).isEqualTo(gcp(256, null));
  }

  @Test
  void counterfactual_on_aws_rounds_the_measured_duration_itself() {
    Usage actual = Usage.of(azure(128), 12.34);
    Counterfactual cf = pricer.counterfactual(actual, aws(128, Architecture.X86_64));
    assertThat(cf.getBilledDurationMs()).isEqualTo(13);
  }

  @Test
  void an_unknown_region_falls_back_to_the_providers_wildcard_sheet() {
    var target = Targets.target(Provider.AWS, "eu-west-1", 128, Architecture.X86_64, null);
    assertThat(pricer.predict(target, 1).skuId()).isEqualTo("AWS/AWS Lambda/*/X86_64");
    assertThat(pricer.predict(target, 1).region()).isEqualTo("eu-west-1");
  }

  @Test
  void an_architecture_without_a_sheet_is_a_typed_error_naming_the_keys_tried() {
    var target = Targets.target(Provider.AZURE, "eastus", 128, Architecture.ARM64, null);
    assertThatThrownBy(() -> pricer.predictCost(target))
        .isInstanceOf(PriceNotFoundException.class)
        .hasMessageContaining("AZURE/eastus/ARM64")
        .hasMessageContaining("AZURE/*/ARM64");
  }

  @Test
  void an_empty_book_never_prices_as_zero() {
    Pricer none = new Pricer(PriceBook.empty());
    assertThatThrownBy(() -> none.predictCost(aws(128, Architecture.X86_64)))
        .isInstanceOf(PriceNotFoundException.class);
  }

  @Test
  void counterfactuals_skip_a_target_without_prices_and_keep_the_others() {
    Usage actual = Usage.of(aws(128, Architecture.X86_64), 50);
    var unpriced = Targets.target(Provider.GCP, "us-central1", 256, Architecture.ARM64, null);

    List<Counterfactual> result =
        pricer.counterfactuals(actual, List.of(azure(128), unpriced, gcp(256, null)));

    assertThat(result)
        .extracting(cf -> cf.getTarget().getProvider())
        .containsExactly(Provider.AZURE, Provider.GCP);
  }
}
