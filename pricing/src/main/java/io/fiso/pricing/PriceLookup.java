package io.fiso.pricing;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;

/** Finds the price sheet that applies to a provider, region and architecture. */
@FunctionalInterface
public interface PriceLookup {

  /**
   * The sheet for exactly this region if there is one, else the provider's {@code '*'} sheet for
   * the architecture. Callers must not modify the returned record.
   *
   * @throws PriceNotFoundException when neither exists
   */
  PriceSheet sheetFor(Provider provider, String region, Architecture architecture);
}
