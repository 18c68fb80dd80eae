package io.fiso.costs.stats;

import io.fiso.avro.Provider;

/**
 * Keys of fiso.provider-stats: {@code function/PROVIDER/region}, e.g. {@code
 * checkout/AWS/us-east-1}.
 */
public final class ProviderStatsKeys {

  private ProviderStatsKeys() {}

  public static String of(String function, Provider provider, String region) {
    return function + "/" + provider.name() + "/" + region;
  }
}
