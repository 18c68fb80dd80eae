package io.fiso.pricing.billing;

/**
 * A {@link io.fiso.avro.PriceSheet} that cannot be used: the message names the sheet's key
 * (PROVIDER/region/ARCH) and the field at fault.
 */
public final class InvalidPriceSheetException extends PricingException {
  private static final long serialVersionUID = 1L;

  public InvalidPriceSheetException(String message) {
    super(message);
  }
}
