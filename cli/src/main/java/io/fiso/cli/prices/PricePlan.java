package io.fiso.cli.prices;

import io.fiso.avro.PriceSheet;
import io.fiso.pricing.billing.PriceSheets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What publishing a set of price sheets to fiso.prices would change. The newest version wins: a
 * sheet is written when its key has no sheet yet or an older version; an equal or older version is
 * skipped and said so, never silently overwritten.
 */
public record PricePlan(Map<String, PriceSheet> toWrite, List<String> skipped) {

  public static PricePlan of(List<PriceSheet> candidates, Map<String, PriceSheet> current) {
    Map<String, PriceSheet> toWrite = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (PriceSheet sheet : candidates) {
      String key = PriceSheets.key(sheet);
      PriceSheet existing = current.get(key);
      if (existing != null && existing.getVersion() >= sheet.getVersion()) {
        skipped.add(
            key
                + ": fiso.prices already has version "
                + existing.getVersion()
                + (existing.getVersion() == sheet.getVersion()
                    ? " (the same)"
                    : ", newer than " + sheet.getVersion()));
      } else {
        toWrite.put(key, sheet);
      }
    }
    return new PricePlan(toWrite, skipped);
  }
}
