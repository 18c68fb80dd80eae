package io.fiso.pricing.monthly;

import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.PriceTier;
import io.fiso.pricing.billing.PriceSheets;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A month's cost after the free grant and the volume tiers, for reports. Per-invocation charges are
 * at list price; this is where grants and tiers apply.
 *
 * <p>Model: the free grant covers the first units of the month; volume tiers are counted on the
 * month's total quantity (free units included), so a unit's price is that of the band its position
 * in the month falls into. Grants and tiers are account-wide (AWS: per account, tiers per region
 * and architecture; Azure: per subscription; Google: per billing account): pass the quantity summed
 * over the scope the provider applies them to. Results are exact BigDecimal (scales as the inputs
 * make them).
 */
public final class MonthlyCost {
  private MonthlyCost() {}

  /** The month's cost of {@code monthlyQuantity} units of {@code component}. */
  public static MonthlyComponentCost component(
      PriceComponent component, BigDecimal monthlyQuantity) {
    if (monthlyQuantity.signum() < 0) {
      throw new IllegalArgumentException(
          component.getSkuPriceId() + ": monthly quantity must be >= 0, was " + monthlyQuantity);
    }
    BigDecimal free = monthlyQuantity.min(component.getFreeMonthly());
    List<BigDecimal> starts = new ArrayList<>();
    List<BigDecimal> prices = new ArrayList<>();
    starts.add(BigDecimal.ZERO);
    prices.add(component.getUnitPrice());
    for (PriceTier tier : component.getTiers()) {
      starts.add(tier.getFromQuantity());
      prices.add(tier.getUnitPrice());
    }
    List<TierCharge> tiers = new ArrayList<>();
    BigDecimal cost = BigDecimal.ZERO;
    for (int i = 0; i < starts.size(); i++) {
      BigDecimal start = starts.get(i);
      BigDecimal end = i + 1 < starts.size() ? starts.get(i + 1) : null;
      BigDecimal from = start.max(free);
      BigDecimal to = end == null ? monthlyQuantity : end.min(monthlyQuantity);
      BigDecimal quantity = to.subtract(from);
      if (quantity.signum() > 0) {
        BigDecimal bandCost = quantity.multiply(prices.get(i));
        tiers.add(new TierCharge(start, end, quantity, prices.get(i), bandCost));
        cost = cost.add(bandCost);
      }
    }
    return new MonthlyComponentCost(
        component.getSkuPriceId(),
        component.getUnit(),
        monthlyQuantity,
        free,
        monthlyQuantity.subtract(free),
        tiers,
        cost);
  }

  /**
   * The month's bill under {@code sheet} for the given quantities, keyed by pricing unit (e.g.
   * {@code Requests}, {@code GB-Seconds}: sum the cost lines' pricingQuantity per pricingUnit). A
   * unit without an entry counts as zero.
   *
   * @throws IllegalArgumentException for a unit the sheet does not price
   */
  public static MonthlyBill bill(PriceSheet sheet, Map<String, BigDecimal> quantityByUnit) {
    Set<String> units = new HashSet<>();
    List<MonthlyComponentCost> components = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (PriceComponent component : sheet.getComponents()) {
      units.add(component.getUnit());
      MonthlyComponentCost cost =
          component(component, quantityByUnit.getOrDefault(component.getUnit(), BigDecimal.ZERO));
      components.add(cost);
      total = total.add(cost.cost());
    }
    for (String unit : quantityByUnit.keySet()) {
      if (!units.contains(unit)) {
        throw new IllegalArgumentException(
            "price sheet " + PriceSheets.key(sheet) + " prices no unit '" + unit + "'");
      }
    }
    return new MonthlyBill(PriceSheets.key(sheet), components, total);
  }
}
