package io.fiso.pricing.billing;

import io.fiso.avro.Provider;
import java.util.EnumMap;
import java.util.Map;

/** The billing rule of each provider. */
public final class BillingRules {
  private static final Map<Provider, BillingRule> RULES = new EnumMap<>(Provider.class);

  static {
    for (BillingRule rule :
        new BillingRule[] {
          new AwsLambdaBilling(),
          new AzureConsumptionBilling(),
          new GoogleCloudRunFunctionsBilling()
        }) {
      RULES.put(rule.provider(), rule);
    }
  }

  private BillingRules() {}

  /**
   * The rule for {@code provider}.
   *
   * @throws PricingException for a provider without rules (a newer schema's symbol)
   */
  public static BillingRule forProvider(Provider provider) {
    BillingRule rule = RULES.get(provider);
    if (rule == null) {
      throw new PricingException("no billing rules for provider " + provider);
    }
    return rule;
  }
}
