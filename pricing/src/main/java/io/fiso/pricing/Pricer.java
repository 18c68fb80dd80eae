package io.fiso.pricing;

import io.fiso.avro.Counterfactual;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.PriceSheet;
import io.fiso.pricing.billing.BillingRules;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.Decimals;
import io.fiso.pricing.billing.PricingException;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices usage with the sheets of a {@link PriceLookup} and each provider's billing rules: what an
 * attempt cost (workers, cost-ingestor), what a target is predicted to cost (router), and what the
 * same run would have cost elsewhere (counterfactuals). Thread-safe when its lookup is.
 */
public final class Pricer {
  private static final Logger log = LoggerFactory.getLogger(Pricer.class);

  /**
   * Expected duration, in ms, used to predict a target's cost when nothing has been measured for it
   * yet: 100 ms, one billing unit on Azure and Google.
   */
  public static final double DEFAULT_EXPECTED_DURATION_MS = 100.0;

  private final PriceLookup prices;

  public Pricer(PriceLookup prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
  }

  /**
   * What {@code usage} costs at list price.
   *
   * @throws PriceNotFoundException when no sheet covers the usage's provider/region/architecture
   * @throws io.fiso.pricing.billing.InvalidUsageException when the provider cannot bill it
   */
  public Charge price(Usage usage) {
    PriceSheet sheet = prices.sheetFor(usage.provider(), usage.region(), usage.architecture());
    return BillingRules.forProvider(usage.provider()).price(usage, sheet);
  }

  /**
   * The predicted charge of one invocation on {@code target} lasting {@code expectedDurationMs}.
   */
  public Charge predict(FunctionTarget target, double expectedDurationMs) {
    return price(Usage.of(target, expectedDurationMs));
  }

  /** The predicted cost of one invocation on {@code target} lasting {@code expectedDurationMs}. */
  public BigDecimal predictCost(FunctionTarget target, double expectedDurationMs) {
    return predict(target, expectedDurationMs).listCost();
  }

  /**
   * The predicted cost of one invocation on {@code target} of {@link
   * #DEFAULT_EXPECTED_DURATION_MS}.
   */
  public BigDecimal predictCost(FunctionTarget target) {
    return predictCost(target, DEFAULT_EXPECTED_DURATION_MS);
  }

  /**
   * What the same measured run ({@code actual.durationMs()}, same number of requests) would have
   * cost on {@code other}, by {@code other}'s provider's rules with its memory, architecture and
   * vCPU. The cost is at scale 24 (decimal(38,24)); the record refers to {@code other} itself.
   *
   * @throws PriceNotFoundException when no sheet covers {@code other}
   */
  public Counterfactual counterfactual(Usage actual, FunctionTarget other) {
    Charge charge = price(actual.onTarget(other));
    return Counterfactual.newBuilder()
        .setTarget(other)
        .setCost(Decimals.money(charge.listCost()))
        .setBilledDurationMs(charge.billedDurationMs())
        .build();
  }

  /**
   * {@link #counterfactual} for each of {@code others}, skipping (and logging) a target that cannot
   * be priced so that the actual cost is still recorded. Pass only the targets other than the one
   * actually called.
   */
  public List<Counterfactual> counterfactuals(Usage actual, Collection<FunctionTarget> others) {
    List<Counterfactual> result = new ArrayList<>(others.size());
    for (FunctionTarget other : others) {
      try {
        result.add(counterfactual(actual, other));
      } catch (PricingException e) {
        log.warn(
            "No counterfactual for target {} ({} {}): {}",
            other.getTarget(),
            other.getProvider(),
            other.getRegion(),
            e.getMessage());
      }
    }
    return result;
  }
}
