package io.fiso.pricing.billing;

import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;

/**
 * One provider's billing rules: a pure function from usage and that provider's price sheet to a
 * charge. Implementations are stateless and thread-safe.
 */
public interface BillingRule {

  /** The provider whose rules these are. */
  Provider provider();

  /**
   * Prices {@code usage} with {@code sheet}.
   *
   * @throws InvalidUsageException when the usage cannot be billed on this plan or the sheet is not
   *     for the usage's provider/region/architecture
   * @throws InvalidPriceSheetException when the sheet lacks a component this rule needs
   */
  Charge price(Usage usage, PriceSheet sheet);

  /**
   * Checks that {@code sheet} carries what this rule needs (beyond the generic checks of {@link
   * PriceSheets#validate}).
   *
   * @throws InvalidPriceSheetException naming the sheet and the field at fault
   */
  void validate(PriceSheet sheet);
}
