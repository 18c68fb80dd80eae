package io.fiso.pricing.billing;

/**
 * Base of every failure the pricing module reports. A consumer that prices records (the
 * cost-ingestor) treats it as a poison-record error: dead-letter the record and continue. Nothing
 * is ever priced as zero instead.
 */
public class PricingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PricingException(String message) {
    super(message);
  }

  public PricingException(String message, Throwable cause) {
    super(message, cause);
  }
}
