package io.fiso.costs.validate;

import io.fiso.avro.CostEvent;
import io.fiso.avro.CostLine;
import io.fiso.avro.PriceSheet;
import io.fiso.pricing.PriceLookup;
import io.fiso.pricing.billing.PricingException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Decides whether a decoded cost event can be counted. A cost event is rejected, never counted as
 * zero, when a cost is missing or negative, its lines do not add up to its list cost, a duration or
 * memory figure is impossible, or no price sheet backs its provider/region/architecture.
 */
public final class CostEventValidator {

  private CostEventValidator() {}

  /** The reason to reject {@code event}, or empty when it can be counted. */
  public static Optional<Rejection> check(CostEvent event, PriceLookup prices) {
    Optional<Rejection> shape = checkFields(event);
    if (shape.isPresent()) {
      return shape;
    }
    PriceSheet sheet;
    try {
      sheet = prices.sheetFor(event.getProvider(), event.getRegionId(), event.getArchitecture());
    } catch (PricingException e) {
      return Optional.of(
          new Rejection(
              Rejection.NO_PRICE_SHEET,
              "cost event " + event.getEventId() + " cannot be priced: " + e.getMessage()));
    }
    if (!sheet.getCurrency().equals(event.getBillingCurrency())) {
      return Optional.of(
          Rejection.invalid(
              "billingCurrency "
                  + event.getBillingCurrency()
                  + " differs from the price sheet's currency "
                  + sheet.getCurrency()
                  + ": totals would mix currencies"));
    }
    return Optional.empty();
  }

  /** The checks that need no price sheet (the replay uses them too). */
  public static Optional<Rejection> checkFields(CostEvent event) {
    if (blank(event.getEventId())) {
      return reject("eventId is missing");
    }
    String id = "cost event " + event.getEventId() + ": ";
    if (blank(event.getInvocationId())) {
      return reject(id + "invocationId is missing");
    }
    if (blank(event.getFunction())) {
      return reject(id + "function is missing");
    }
    if (event.getProvider() == null) {
      return reject(id + "provider is missing");
    }
    if (blank(event.getRegionId())) {
      return reject(id + "regionId is missing");
    }
    if (event.getArchitecture() == null) {
      return reject(id + "architecture is missing");
    }
    if (blank(event.getBillingCurrency())) {
      return reject(id + "billingCurrency is missing");
    }
    for (var money :
        new Object[][] {
          {"billedCost", event.getBilledCost()},
          {"effectiveCost", event.getEffectiveCost()},
          {"listCost", event.getListCost()}
        }) {
      BigDecimal value = (BigDecimal) money[1];
      if (value == null) {
        return reject(id + money[0] + " is missing (a cost is never assumed to be zero)");
      }
      if (value.signum() < 0) {
        return reject(id + money[0] + " is negative: " + value.toPlainString());
      }
    }
    if (event.getContractedCost() != null && event.getContractedCost().signum() < 0) {
      return reject(
          id + "contractedCost is negative: " + event.getContractedCost().toPlainString());
    }
    if (event.getLines() != null && !event.getLines().isEmpty()) {
      BigDecimal sum = BigDecimal.ZERO;
      for (CostLine line : event.getLines()) {
        if (line.getCost() == null || line.getCost().signum() < 0) {
          return reject(
              id
                  + "line "
                  + line.getSkuPriceId()
                  + " has a missing or negative cost"
                  + (line.getCost() == null ? "" : ": " + line.getCost().toPlainString()));
        }
        if (line.getPricingQuantity() == null || line.getPricingQuantity().signum() < 0) {
          return reject(
              id + "line " + line.getSkuPriceId() + " has a missing or negative pricingQuantity");
        }
        sum = sum.add(line.getCost());
      }
      if (sum.compareTo(event.getListCost()) != 0) {
        return reject(
            id
                + "listCost "
                + event.getListCost().toPlainString()
                + " is not the sum of its lines' cost "
                + sum.toPlainString());
      }
    }
    if (!Double.isFinite(event.getDurationMs()) || event.getDurationMs() < 0) {
      return reject(id + "durationMs must be finite and >= 0, was " + event.getDurationMs());
    }
    if (!Double.isFinite(event.getLatencyMs()) || event.getLatencyMs() < 0) {
      return reject(id + "latencyMs must be finite and >= 0, was " + event.getLatencyMs());
    }
    if (event.getBilledDurationMs() < 0) {
      return reject(id + "billedDurationMs is negative: " + event.getBilledDurationMs());
    }
    if (event.getMemoryMb() <= 0) {
      return reject(id + "memoryMb must be positive, was " + event.getMemoryMb());
    }
    if (event.getChargePeriodStart() == null || event.getChargePeriodEnd() == null) {
      return reject(id + "chargePeriodStart and chargePeriodEnd are required");
    }
    if (event.getChargePeriodEnd().isBefore(event.getChargePeriodStart())) {
      return reject(
          id
              + "chargePeriodEnd "
              + event.getChargePeriodEnd()
              + " is before chargePeriodStart "
              + event.getChargePeriodStart());
    }
    if (event.getStatus() == null) {
      return reject(id + "status is missing");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(String message) {
    return Optional.of(Rejection.invalid(message));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
