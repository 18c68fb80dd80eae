package io.fiso.pricing.billing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One priced quantity of a {@link Charge}, with FOCUS semantics: {@code cost = listUnitPrice ×
 * pricingQuantity}, exactly.
 *
 * @param skuPriceId FOCUS SkuPriceId: the price component, e.g. aws-lambda-requests
 * @param description what this line charges for
 * @param listUnitPrice FOCUS ListUnitPrice, per {@code pricingUnit}
 * @param pricingQuantity FOCUS PricingQuantity, after the provider's rounding and minimums (exact)
 * @param pricingUnit FOCUS PricingUnit (see {@link Units})
 * @param consumedQuantity FOCUS ConsumedQuantity, before billing rounding (rounded half-even to 18
 *     decimals when the measured duration needs more)
 * @param consumedUnit FOCUS ConsumedUnit
 * @param cost listUnitPrice × pricingQuantity
 */
public record ChargeLine(
    String skuPriceId,
    String description,
    BigDecimal listUnitPrice,
    BigDecimal pricingQuantity,
    String pricingUnit,
    BigDecimal consumedQuantity,
    String consumedUnit,
    BigDecimal cost) {

  public ChargeLine {
    Objects.requireNonNull(skuPriceId, "skuPriceId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(listUnitPrice, "listUnitPrice");
    Objects.requireNonNull(pricingQuantity, "pricingQuantity");
    Objects.requireNonNull(pricingUnit, "pricingUnit");
    Objects.requireNonNull(consumedQuantity, "consumedQuantity");
    Objects.requireNonNull(consumedUnit, "consumedUnit");
    Objects.requireNonNull(cost, "cost");
    if (cost.compareTo(listUnitPrice.multiply(pricingQuantity)) != 0) {
      throw new IllegalArgumentException(
          skuPriceId + ": cost " + cost + " is not listUnitPrice × pricingQuantity");
    }
    requireFits(listUnitPrice, Decimals.QUANTITY_SCALE, skuPriceId, "listUnitPrice");
    requireFits(pricingQuantity, Decimals.QUANTITY_SCALE, skuPriceId, "pricingQuantity");
    requireFits(consumedQuantity, Decimals.QUANTITY_SCALE, skuPriceId, "consumedQuantity");
    requireFits(cost, Decimals.MONEY_SCALE, skuPriceId, "cost");
  }

  /** A line whose cost is computed from its unit price and pricing quantity. */
  public static ChargeLine of(
      String skuPriceId,
      String description,
      BigDecimal listUnitPrice,
      BigDecimal pricingQuantity,
      String pricingUnit,
      BigDecimal consumedQuantity,
      String consumedUnit) {
    return new ChargeLine(
        skuPriceId,
        description,
        listUnitPrice,
        pricingQuantity,
        pricingUnit,
        consumedQuantity,
        consumedUnit,
        listUnitPrice.multiply(pricingQuantity));
  }

  private static void requireFits(BigDecimal value, int scale, String sku, String field) {
    if (!Decimals.fits(value, scale)) {
      throw new InvalidUsageException(
          sku
              + ": "
              + field
              + " "
              + value.toPlainString()
              + " does not fit decimal(38,"
              + scale
              + ") exactly");
    }
  }
}
