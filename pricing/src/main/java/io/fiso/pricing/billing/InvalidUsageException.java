package io.fiso.pricing.billing;

/** A {@link Usage} that a provider cannot bill: out-of-range memory, negative duration, etc. */
public final class InvalidUsageException extends PricingException {
  private static final long serialVersionUID = 1L;

  public InvalidUsageException(String message) {
    super(message);
  }
}
