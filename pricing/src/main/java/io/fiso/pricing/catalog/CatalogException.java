package io.fiso.pricing.catalog;

import io.fiso.pricing.billing.PricingException;

/** A price catalog that cannot be read: the message names the file, the entry and the field. */
public final class CatalogException extends PricingException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
