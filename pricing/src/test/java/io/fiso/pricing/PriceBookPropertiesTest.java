package io.fiso.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class PriceBookPropertiesTest {

  @Property
  void the_largest_version_wins_whatever_the_arrival_order(
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 1, max = 1000) Long> versions) {
    List<PriceSheet> sheets =
        versions.stream().map(v -> PriceBookTest.awsSheet("*", v, "0.00001")).toList();
    long newest = versions.stream().mapToLong(Long::longValue).max().orElseThrow();

    PriceBook book = PriceBook.of(sheets);
    LivePriceBook live = new LivePriceBook(PriceBook.empty());
    sheets.forEach(live::update);

    assertThat(book.sheetFor(Provider.AWS, "anywhere", Architecture.X86_64).getVersion())
        .isEqualTo(newest);
    assertThat(live.sheetFor(Provider.AWS, "anywhere", Architecture.X86_64).getVersion())
        .isEqualTo(newest);
  }
}
