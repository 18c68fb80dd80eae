package io.fiso.pricing;

import io.fiso.avro.Architecture;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.PricingException;

/**
 * No price sheet for a provider/region/architecture, not even the region wildcard. Never price such
 * usage as zero: reject the route, dead-letter the cost event, or publish the missing sheet to
 * fiso.prices.
 */
public final class PriceNotFoundException extends PricingException {
  private static final long serialVersionUID = 1L;

  private final Provider provider;
  private final String region;
  private final Architecture architecture;

  public PriceNotFoundException(Provider provider, String region, Architecture architecture) {
    super(
        "no price sheet for "
            + PriceSheets.key(provider, region, architecture)
            + " nor "
            + PriceSheets.key(provider, PriceSheets.ANY_REGION, architecture)
            + ": publish one to fiso.prices (key PROVIDER/region/ARCH)");
    this.provider = provider;
    this.region = region;
    this.architecture = architecture;
  }

  public Provider provider() {
    return provider;
  }

  public String region() {
    return region;
  }

  public Architecture architecture() {
    return architecture;
  }
}
