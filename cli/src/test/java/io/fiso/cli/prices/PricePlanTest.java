package io.fiso.cli.prices;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.PriceSheet;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.catalog.PriceCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PricePlanTest {

  private final List<PriceSheet> bundled = PriceCatalog.bundled().sheets();

  @Test
  void anEmptyTopicGetsEverySheet() {
    PricePlan plan = PricePlan.of(bundled, Map.of());

    assertThat(plan.toWrite()).hasSize(bundled.size());
    assertThat(plan.skipped()).isEmpty();
  }

  @Test
  void theSameVersionIsSkippedAndSaidSo() {
    Map<String, PriceSheet> current = new HashMap<>();
    bundled.forEach(s -> current.put(PriceSheets.key(s), s));

    PricePlan plan = PricePlan.of(bundled, current);

    assertThat(plan.toWrite()).isEmpty();
    assertThat(plan.skipped()).hasSize(bundled.size()).allMatch(r -> r.contains("(the same)"));
  }

  @Test
  void aNewerSheetOnTheTopicWinsOverAnOlderFile() {
    PriceSheet sheet = bundled.get(0);
    PriceSheet newer = PriceSheet.newBuilder(sheet).setVersion(sheet.getVersion() + 1).build();
    String key = PriceSheets.key(sheet);

    PricePlan plan = PricePlan.of(List.of(sheet), Map.of(key, newer));

    assertThat(plan.toWrite()).isEmpty();
    assertThat(plan.skipped()).singleElement().asString().contains("newer than");
  }

  @Test
  void aNewerFileReplacesAnOlderSheet() {
    PriceSheet sheet = bundled.get(0);
    PriceSheet newer = PriceSheet.newBuilder(sheet).setVersion(sheet.getVersion() + 1).build();
    String key = PriceSheets.key(sheet);

    PricePlan plan = PricePlan.of(List.of(newer), Map.of(key, sheet));

    assertThat(plan.toWrite()).containsOnlyKeys(key);
    assertThat(plan.toWrite().get(key).getVersion()).isEqualTo(sheet.getVersion() + 1);
  }
}
