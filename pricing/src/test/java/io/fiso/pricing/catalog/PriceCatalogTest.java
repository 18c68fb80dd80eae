package io.fiso.pricing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.PriceSheets;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceCatalogTest {
  private static final PriceCatalog CATALOG = PriceCatalog.bundled();
  private static final Map<String, PriceSheet> BY_KEY =
      CATALOG.sheets().stream().collect(Collectors.toMap(PriceSheets::key, Function.identity()));

  @Test
  void the_bundled_catalog_has_a_wildcard_and_us_regions_for_every_plan() {
    assertThat(BY_KEY)
        .containsKeys(
            "AWS/*/X86_64",
            "AWS/us-east-1/X86_64",
            "AWS/*/ARM64",
            "AWS/us-west-2/ARM64",
            "AZURE/*/X86_64",
            "AZURE/eastus/X86_64",
            "GCP/*/X86_64",
            "GCP/us-central1/X86_64");
    assertThat(BY_KEY).hasSize(22);
  }

  @Test
  void every_sheet_and_plan_says_where_its_figures_come_from_and_when() {
    for (PriceSheet sheet : CATALOG.sheets()) {
      assertThat(sheet.getSource()).as(PriceSheets.key(sheet)).startsWith("https://");
      assertThat(sheet.getSourceDate()).isEqualTo(LocalDate.of(2026, 11, 1));
      assertThat(sheet.getVersion()).isEqualTo(CATALOG.version());
    }
    for (CatalogPlan plan : concat(CATALOG.plans(), CATALOG.referencePlans())) {
      assertThat(plan.sources()).allMatch(s -> s.startsWith("https://"));
      assertThat(plan.sourceDate()).isEqualTo("2026-11-01");
    }
    assertThat(CATALOG.referencePlans())
        .extracting(CatalogPlan::service)
        .containsExactly("Cloud Functions (1st gen)");
  }

  @ParameterizedTest(name = "{0} {1}: {2} at {3}, {4} free a month")
  @CsvSource({
    "AWS/*/X86_64, Requests, aws-lambda-requests, 0.0000002, 1000000",
    "AWS/*/X86_64, GB-Seconds, aws-lambda-x86-gb-second, 0.0000166667, 400000",
    "AWS/*/ARM64, Requests, aws-lambda-requests, 0.0000002, 1000000",
    "AWS/*/ARM64, GB-Seconds, aws-lambda-arm-gb-second, 0.0000133334, 400000",
    "AZURE/*/X86_64, Requests, azure-functions-consumption-executions, 0.0000002, 1000000",
    "AZURE/*/X86_64, GB-Seconds, azure-functions-consumption-gb-second, 0.000016, 400000",
    "GCP/*/X86_64, Requests, gcp-run-functions-requests, 0.0000004, 2000000",
    "GCP/*/X86_64, vCPU-Seconds, gcp-run-functions-vcpu-second, 0.000024, 180000",
    "GCP/*/X86_64, GiB-Seconds, gcp-run-functions-gib-second, 0.0000025, 360000"
  })
  void the_catalog_carries_the_published_prices_and_free_grants(
      String key, String unit, String sku, String price, String free) {
    PriceComponent c = PriceSheets.component(BY_KEY.get(key), unit);
    assertThat(c.getSkuPriceId()).isEqualTo(sku);
    assertThat(c.getUnitPrice()).isEqualByComparingTo(price);
    assertThat(c.getFreeMonthly()).isEqualByComparingTo(free);
  }

  @Test
  void aws_gb_second_tiers_are_the_published_10_and_20_percent_discounts() {
    var x86 = PriceSheets.component(BY_KEY.get("AWS/us-east-1/X86_64"), "GB-Seconds").getTiers();
    assertThat(x86).hasSize(2);
    assertThat(x86.get(0).getFromQuantity()).isEqualByComparingTo("6000000000");
    assertThat(x86.get(0).getUnitPrice()).isEqualByComparingTo("0.000015");
    assertThat(x86.get(1).getFromQuantity()).isEqualByComparingTo("15000000000");
    assertThat(x86.get(1).getUnitPrice()).isEqualByComparingTo("0.0000133334");

    var arm = PriceSheets.component(BY_KEY.get("AWS/us-east-1/ARM64"), "GB-Seconds").getTiers();
    assertThat(arm.get(0).getFromQuantity()).isEqualByComparingTo("7500000000");
    assertThat(arm.get(0).getUnitPrice()).isEqualByComparingTo("0.0000120001");
    assertThat(arm.get(1).getFromQuantity()).isEqualByComparingTo("18750000000");
    assertThat(arm.get(1).getUnitPrice()).isEqualByComparingTo("0.0000106667");
  }

  @Test
  void billing_granularity_is_1ms_on_aws_and_100ms_on_azure_and_google() {
    PriceSheet aws = BY_KEY.get("AWS/*/X86_64");
    PriceSheet azure = BY_KEY.get("AZURE/*/X86_64");
    PriceSheet gcp = BY_KEY.get("GCP/*/X86_64");
    assertThat(aws.getDurationRoundingMs()).isEqualTo(1);
    assertThat(aws.getMinimumMemoryMb()).isEqualTo(128);
    assertThat(aws.getMaximumMemoryMb()).isEqualTo(10240);
    assertThat(azure.getDurationRoundingMs()).isEqualTo(100);
    assertThat(azure.getMinimumDurationMs()).isEqualTo(100);
    assertThat(azure.getMemoryRoundingMb()).isEqualTo(128);
    assertThat(azure.getMaximumMemoryMb()).isEqualTo(1536);
    assertThat(gcp.getDurationRoundingMs()).isEqualTo(100);
  }

  @Test
  void every_sheet_encodes_as_avro_and_decodes_unchanged() throws Exception {
    for (PriceSheet sheet : CATALOG.sheets()) {
      assertThat(PriceSheet.fromByteBuffer(sheet.toByteBuffer())).isEqualTo(sheet);
    }
  }

  @Test
  void sheets_returns_copies_the_caller_may_change() {
    CATALOG.sheets().get(0).setService("changed");
    assertThat(CATALOG.sheets().get(0).getService()).isNotEqualTo("changed");
  }

  @Test
  void a_plan_without_a_source_date_is_refused_naming_the_plan_and_field() {
    String yaml = MINIMAL.replace("    sourceDate: \"2026-11-01\"\n", "");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("test.yaml: plans[0] (AZURE X86_64): sourceDate is missing");
  }

  @Test
  void a_source_that_is_not_an_https_url_is_refused() {
    String yaml = MINIMAL.replace("https://azure.microsoft.com/pricing/details/functions/", "web");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("source 'web'");
  }

  @Test
  void a_misspelt_field_is_refused_with_its_line() {
    String yaml = MINIMAL.replace("freeMonthly: \"400000\"", "freeMonthy: \"400000\"");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("test.yaml")
        .hasMessageContaining("freeMonthy")
        .hasMessageContaining("line");
  }

  @Test
  void a_plan_missing_a_component_its_rules_need_is_refused() {
    String yaml =
        MINIMAL.replace(
            "      - skuPriceId: gb\n        unit: GB-Seconds\n"
                + "        unitPrice: \"0.000016\"\n        freeMonthly: \"400000\"\n",
            "");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("AZURE/*/X86_64")
        .hasMessageContaining("GB-Seconds");
  }

  @Test
  void a_minimal_catalog_parses_into_one_sheet_per_region() {
    PriceCatalog catalog = parse(MINIMAL);
    assertThat(catalog.sheets())
        .extracting(PriceSheets::key)
        .containsExactly("AZURE/*/X86_64", "AZURE/eastus/X86_64");
    PriceSheet sheet = catalog.sheets().get(0);
    assertThat(sheet.getProvider()).isEqualTo(Provider.AZURE);
    assertThat(sheet.getArchitecture()).isEqualTo(Architecture.X86_64);
    assertThat(sheet.getCurrency()).isEqualTo("USD");
    assertThat(sheet.getVersion()).isEqualTo(7);
    assertThat(PriceSheets.component(sheet, "GB-Seconds").getUnitPrice())
        .isEqualTo(new BigDecimal("0.000016"));
  }

  private static PriceCatalog parse(String yaml) {
    return PriceCatalog.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static final String MINIMAL =
      """
      version: 7
      publishedAt: "2026-11-01T00:00:00Z"
      plans:
        - provider: AZURE
          architecture: X86_64
          service: Azure Functions Consumption
          regions: ["*", eastus]
          sources:
            - https://azure.microsoft.com/pricing/details/functions/
          sourceDate: "2026-11-01"
          durationRoundingMs: 100
          minimumDurationMs: 100
          memoryRoundingMb: 128
          minimumMemoryMb: 128
          maximumMemoryMb: 1536
          components:
            - skuPriceId: executions
              unit: Requests
              unitPrice: "0.0000002"
              freeMonthly: "1000000"
            - skuPriceId: gb
              unit: GB-Seconds
              unitPrice: "0.000016"
              freeMonthly: "400000"
      """;
}
