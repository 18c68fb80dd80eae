package io.fiso.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.InvalidPriceSheetException;
import io.fiso.pricing.billing.PriceSheets;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceBookTest {
  static final PriceSheet AWS_ANY = PriceBook.bundled().get("AWS/*/X86_64").orElseThrow();

  static PriceSheet awsSheet(String region, long version, String gbSecondPrice) {
    PriceSheet sheet = PriceSheets.copy(AWS_ANY);
    sheet.setRegion(region);
    sheet.setVersion(version);
    for (PriceComponent c : sheet.getComponents()) {
      if (c.getUnit().equals("GB-Seconds")) {
        c.setUnitPrice(new BigDecimal(gbSecondPrice));
      }
    }
    return sheet;
  }

  @Test
  void the_bundled_book_holds_every_catalog_sheet() {
    assertThat(PriceBook.bundled().size()).isEqualTo(22);
  }

  @Test
  void a_region_specific_sheet_wins_over_the_wildcard() {
    PriceBook book =
        PriceBook.of(
            List.of(awsSheet("*", 1, "0.0000166667"), awsSheet("us-east-1", 1, "0.00002")));

    assertThat(book.sheetFor(Provider.AWS, "us-east-1", Architecture.X86_64).getRegion())
        .isEqualTo("us-east-1");
    assertThat(book.sheetFor(Provider.AWS, "eu-west-1", Architecture.X86_64).getRegion())
        .isEqualTo("*");
  }

  @Test
  void the_newest_version_wins_whichever_arrives_first() {
    PriceSheet older = awsSheet("*", 1, "0.00001");
    PriceSheet newer = awsSheet("*", 2, "0.00002");

    assertThat(PriceBook.of(List.of(older, newer)).get("AWS/*/X86_64").orElseThrow().getVersion())
        .isEqualTo(2);
    assertThat(PriceBook.of(List.of(newer, older)).get("AWS/*/X86_64").orElseThrow().getVersion())
        .isEqualTo(2);
  }

  @Test
  void equal_versions_keep_the_later_publication() {
    PriceSheet first = awsSheet("*", 5, "0.00001");
    PriceSheet later = awsSheet("*", 5, "0.00002");
    later.setPublishedAt(first.getPublishedAt().plusSeconds(60));

    PriceBook book = PriceBook.of(List.of(later, first));
    assertThat(book.get("AWS/*/X86_64").orElseThrow().getPublishedAt())
        .isEqualTo(later.getPublishedAt());
  }

  @Test
  void with_sheet_returns_a_new_book_and_leaves_the_original_unchanged() {
    PriceBook empty = PriceBook.empty();
    PriceBook one = empty.withSheet(awsSheet("*", 1, "0.00001"));

    assertThat(empty.size()).isZero();
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.withSheet(awsSheet("*", 0, "0.00001"))).isSameAs(one);
  }

  @Test
  void a_sheet_added_then_changed_by_its_sender_does_not_change_the_book() {
    PriceSheet sheet = awsSheet("*", 1, "0.00001");
    PriceBook book = PriceBook.empty().withSheet(sheet);
    sheet.setService("changed");
    assertThat(book.get("AWS/*/X86_64").orElseThrow().getService()).isEqualTo("AWS Lambda");
  }

  @Test
  void a_tombstone_removes_the_sheet() {
    PriceBook book = PriceBook.bundled().withoutSheet("AWS/*/X86_64");
    assertThat(book.find(Provider.AWS, "eu-west-1", Architecture.X86_64)).isEmpty();
    assertThat(book.find(Provider.AWS, "us-east-1", Architecture.X86_64)).isPresent();
  }

  @Test
  void a_sheet_with_a_unit_price_too_fine_for_exact_costs_is_rejected_naming_key_and_field() {
    assertThatThrownBy(() -> PriceBook.empty().withSheet(awsSheet("*", 1, "0.000016666666667")))
        .isInstanceOf(InvalidPriceSheetException.class)
        .hasMessageContaining("AWS/*/X86_64")
        .hasMessageContaining("unitPrice");
  }

  @Test
  void a_sheet_missing_a_component_its_provider_needs_is_rejected() {
    PriceSheet noCompute = PriceSheets.copy(AWS_ANY);
    noCompute.setComponents(
        AWS_ANY.getComponents().stream().filter(c -> c.getUnit().equals("Requests")).toList());
    assertThatThrownBy(() -> PriceBook.empty().withSheet(noCompute))
        .isInstanceOf(InvalidPriceSheetException.class)
        .hasMessageContaining("GB-Seconds");
  }

  @Test
  void a_live_book_applies_newer_sheets_and_ignores_older_ones() {
    LivePriceBook live = new LivePriceBook(PriceBook.empty());

    assertThat(live.update(awsSheet("*", 2, "0.00002"))).isTrue();
    assertThat(live.update(awsSheet("*", 1, "0.00001"))).isFalse();
    assertThat(live.sheetFor(Provider.AWS, "x", Architecture.X86_64).getVersion()).isEqualTo(2);

    live.remove("AWS/*/X86_64");
    assertThat(live.current().size()).isZero();
  }

  @Test
  void a_live_book_reprices_after_an_update() {
    LivePriceBook live = new LivePriceBook(PriceBook.of(List.of(awsSheet("*", 1, "0.00001"))));
    Pricer pricer = new Pricer(live);
    var target = Targets.aws(1024, Architecture.X86_64);
    BigDecimal before = pricer.predictCost(target, 1000);

    PriceSheet newer = awsSheet("*", 2, "0.00002");
    newer.setPublishedAt(Instant.parse("2026-12-01T00:00:00Z"));
    live.update(newer);

    // 1 GB-s: 0.00001 → 0.00002, request unchanged.
    assertThat(pricer.predictCost(target, 1000).subtract(before)).isEqualByComparingTo("0.00001");
  }
}
