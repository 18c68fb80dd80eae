package io.fiso.costs.focus;

import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.tagged;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.CostEvent;
import io.fiso.avro.Provider;
import io.fiso.costs.testkit.CsvTable;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FocusExporterTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00.250Z");

  /** The FOCUS 1.x columns the export must carry, as the specification names them. */
  static final List<String> REQUIRED =
      List.of(
          "BilledCost",
          "EffectiveCost",
          "ListCost",
          "ListUnitPrice",
          "ContractedCost",
          "ConsumedQuantity",
          "ConsumedUnit",
          "PricingQuantity",
          "PricingUnit",
          "ChargePeriodStart",
          "ChargePeriodEnd",
          "ChargeCategory",
          "ChargeClass",
          "ChargeDescription",
          "BillingCurrency",
          "ProviderName",
          "PublisherName",
          "InvoiceIssuerName",
          "ServiceName",
          "ServiceCategory",
          "RegionId",
          "RegionName",
          "ResourceId",
          "ResourceName",
          "ResourceType",
          "SkuId",
          "SkuPriceId",
          "Tags");

  private static CsvTable export(List<CostEvent> events, FocusExporter.Rows rows) {
    StringWriter out = new StringWriter();
    FocusExporter exporter = new FocusExporter(out, rows);
    events.forEach(exporter);
    exporter.flush();
    return CsvTable.parse(out.toString());
  }

  private static List<CostEvent> sample() {
    return List.of(
        tagged(
                tagged(
                    priced("checkout", target(Provider.AWS, "us-east-1", 512), T, 87.3),
                    "team",
                    "payments"),
                "note",
                "a,\"quoted\" value")
            .build(),
        priced("search", target(Provider.AZURE, "eastus", 256), T, 130).build(),
        priced("search", target(Provider.GCP, "us-central1", 512), T, 250).build());
  }

  @Test
  void everyRequiredFocusColumnIsPresentWithItsReleasedName() {
    CsvTable t = export(sample(), FocusExporter.Rows.EVENT);
    assertThat(t.header()).containsSubsequence(REQUIRED);
    assertThat(t.header().subList(0, REQUIRED.size())).isEqualTo(REQUIRED);
    assertThat(t.rows()).hasSize(3);
  }

  @Test
  void oneRowPerEventWithTheComputeLineAsItsUnitPrice() {
    CostEvent aws = sample().get(0);
    CsvTable t = export(List.of(aws), FocusExporter.Rows.EVENT);
    var row = t.rowMap(0);
    assertThat(new BigDecimal(row.get("BilledCost"))).isEqualByComparingTo(aws.getBilledCost());
    // 512 MB for 88 ms billed: 0.5 GB × 0.088 s = 0.044 GB-s at 0.0000166667 + one request
    // 0.0000002.
    assertThat(row.get("BilledCost")).isEqualTo("0.0000009333348");
    assertThat(row.get("ListUnitPrice")).isEqualTo("0.0000166667");
    assertThat(row.get("PricingQuantity")).isEqualTo("0.044");
    assertThat(row.get("PricingUnit")).isEqualTo("GB-Seconds");
    assertThat(row.get("ConsumedQuantity")).isEqualTo("0.04365");
    assertThat(row.get("SkuPriceId")).isEqualTo("aws-lambda-x86-gb-second");
    assertThat(row.get("ContractedCost")).isEqualTo(row.get("ListCost"));
    assertThat(row.get("ChargePeriodStart")).isEqualTo("2026-11-02T10:00:00Z");
    assertThat(row.get("ChargePeriodEnd")).isEqualTo("2026-11-02T10:00:01Z");
    assertThat(row.get("ProviderName")).isEqualTo("Amazon Web Services");
    assertThat(row.get("RegionName")).isEqualTo("US East (N. Virginia)");
    assertThat(row.get("ResourceName")).isEqualTo("checkout");
    assertThat(row.get("ServiceCategory")).isEqualTo("Compute");
    assertThat(row.get("ChargeClass")).isEmpty();
    assertThat(row.get("Tags"))
        .isEqualTo("{\"note\":\"a,\\\"quoted\\\" value\",\"team\":\"payments\"}");
    assertThat(row.get("x_DurationMs")).isEqualTo("87.3");
  }

  @Test
  void decimalsArePlainNeverScientific() {
    CsvTable t = export(sample(), FocusExporter.Rows.LINE);
    for (int r = 0; r < t.rows().size(); r++) {
      for (String column : List.of("BilledCost", "ListCost", "ListUnitPrice", "PricingQuantity")) {
        assertThat(t.cell(r, column)).doesNotContainIgnoringCase("e").matches("-?\\d+(\\.\\d+)?");
      }
    }
  }

  @Test
  void oneRowPerLineKeepsListCostEqualToUnitPriceTimesQuantityAndTheSameSums() {
    CsvTable events = export(sample(), FocusExporter.Rows.EVENT);
    CsvTable lines = export(sample(), FocusExporter.Rows.LINE);
    int expectedRows = sample().stream().mapToInt(e -> e.getLines().size()).sum();
    assertThat(lines.rows()).hasSize(expectedRows);
    for (int r = 0; r < lines.rows().size(); r++) {
      BigDecimal unit = new BigDecimal(lines.cell(r, "ListUnitPrice"));
      BigDecimal qty = new BigDecimal(lines.cell(r, "PricingQuantity"));
      assertThat(new BigDecimal(lines.cell(r, "ListCost")))
          .isEqualByComparingTo(unit.multiply(qty));
    }
    for (String c : List.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost")) {
      assertThat(lines.sum(c)).as(c).isEqualByComparingTo(events.sum(c));
    }
  }

  @Property(tries = 200)
  void splittingAnEffectiveDiscountOverTheLinesLosesNothing(
      @ForAll @IntRange(min = 0, max = 100) int discountPercent,
      @ForAll @IntRange(min = 1, max = 5000) int durationMs) {
    CostEvent e = priced("f", target(Provider.GCP, "us-central1", 1024), T, durationMs).build();
    BigDecimal effective =
        e.getListCost()
            .multiply(BigDecimal.valueOf(100 - discountPercent))
            .divide(BigDecimal.valueOf(100), 24, RoundingMode.HALF_EVEN);
    CostEvent discounted = CostEvent.newBuilder(e).setEffectiveCost(effective).build();
    CsvTable lines = export(new ArrayList<>(List.of(discounted)), FocusExporter.Rows.LINE);
    assertThat(lines.sum("EffectiveCost")).isEqualByComparingTo(effective);
    assertThat(lines.sum("BilledCost")).isEqualByComparingTo(e.getBilledCost());
  }
}
