package io.fiso.pricing.billing;

/** FOCUS PricingUnit / ConsumedUnit values used in price sheets and cost lines. */
public final class Units {
  public static final String REQUESTS = "Requests";
  public static final String GB_SECONDS = "GB-Seconds";
  public static final String GIB_SECONDS = "GiB-Seconds";
  public static final String VCPU_SECONDS = "vCPU-Seconds";
  public static final String GHZ_SECONDS = "GHz-Seconds";

  private Units() {}
}
