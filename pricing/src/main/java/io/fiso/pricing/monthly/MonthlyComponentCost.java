package io.fiso.pricing.monthly;

import java.math.BigDecimal;
import java.util.List;

/**
 * A month's cost of one price component.
 *
 * @param skuPriceId the component
 * @param unit its pricing unit
 * @param quantity the month's total quantity
 * @param freeQuantity the part covered by the monthly free grant
 * @param billableQuantity quantity - freeQuantity
 * @param tiers how the billable quantity splits over the price bands
 * @param cost sum of the tiers' cost, exact
 */
public record MonthlyComponentCost(
    String skuPriceId,
    String unit,
    BigDecimal quantity,
    BigDecimal freeQuantity,
    BigDecimal billableQuantity,
    List<TierCharge> tiers,
    BigDecimal cost) {

  public MonthlyComponentCost {
    tiers = List.copyOf(tiers);
  }
}
