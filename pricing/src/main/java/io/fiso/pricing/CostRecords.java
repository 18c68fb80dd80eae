package io.fiso.pricing;

import io.fiso.avro.CostEvent;
import io.fiso.avro.CostLine;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.ChargeLine;
import io.fiso.pricing.billing.Decimals;
import io.fiso.pricing.billing.InvalidUsageException;
import io.fiso.pricing.billing.Units;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * Turns a {@link Charge} into the Avro fields of a {@link CostEvent}, at the schema's scales (money
 * decimal(38,24), quantities and unit prices decimal(38,18)), exactly; and a recorded CostEvent
 * back into the {@link Usage} it priced, for re-pricing and what-if.
 */
public final class CostRecords {
  private CostRecords() {}

  /** The CostEvent {@code lines} of {@code charge}. */
  public static List<CostLine> toCostLines(Charge charge) {
    return charge.lines().stream().map(CostRecords::toCostLine).toList();
  }

  /** One Avro cost line. */
  public static CostLine toCostLine(ChargeLine line) {
    return CostLine.newBuilder()
        .setSkuPriceId(line.skuPriceId())
        .setDescription(line.description())
        .setListUnitPrice(Decimals.quantity(line.listUnitPrice()))
        .setPricingQuantity(Decimals.quantity(line.pricingQuantity()))
        .setPricingUnit(line.pricingUnit())
        .setConsumedQuantity(Decimals.quantity(line.consumedQuantity()))
        .setConsumedUnit(line.consumedUnit())
        .setCost(Decimals.money(line.cost()))
        .build();
  }

  /**
   * Sets every field of {@code event} that the charge determines: provider, regionId, serviceName,
   * skuId, chargeDescription, billingCurrency, billedCost, effectiveCost, listCost, lines,
   * durationMs, billedDurationMs, memoryMb (configured), architecture, estimated and
   * priceSheetVersion. The caller sets the rest (ids, function, resourceId, times, status, tags,
   * latency, cold start, counterfactuals).
   */
  public static CostEvent.Builder applyCharge(CostEvent.Builder event, Charge charge) {
    return event
        .setProvider(charge.provider())
        .setRegionId(charge.region())
        .setServiceName(charge.service())
        .setSkuId(charge.skuId())
        .setChargeDescription(description(charge))
        .setBillingCurrency(charge.currency())
        .setBilledCost(Decimals.money(charge.billedCost()))
        .setEffectiveCost(Decimals.money(charge.effectiveCost()))
        .setListCost(Decimals.money(charge.listCost()))
        .setLines(toCostLines(charge))
        .setDurationMs(charge.durationMs())
        .setBilledDurationMs(charge.billedDurationMs())
        .setMemoryMb(charge.memoryMb())
        .setArchitecture(charge.architecture())
        .setEstimated(charge.estimated())
        .setPriceSheetVersion(charge.priceSheetVersion());
  }

  /** FOCUS ChargeDescription of a charge. */
  public static String description(Charge charge) {
    return charge.service()
        + " in "
        + charge.region()
        + ": "
        + String.join("; ", charge.lines().stream().map(ChargeLine::description).toList())
        + (charge.estimated() ? " (estimated)" : " (as billed by the provider)");
  }

  /**
   * The usage a recorded cost event priced, so that it can be priced again (a new price sheet, a
   * what-if on another target via {@link Usage#onTarget}). AWS events that were exact keep their
   * reported billed duration; the request count comes from the Requests line (1 when absent); a
   * Google event's vCPU is recovered from its vCPU-Seconds line (the CostEvent has no vCPU field).
   *
   * @throws InvalidUsageException when the event's fields cannot describe a usage
   */
  public static Usage usageOf(CostEvent event) {
    long requests = 1;
    BigDecimal vcpuSeconds = null;
    for (CostLine line : event.getLines()) {
      if (Units.REQUESTS.equals(line.getPricingUnit())) {
        requests = line.getPricingQuantity().longValueExact();
      } else if (Units.VCPU_SECONDS.equals(line.getPricingUnit())) {
        vcpuSeconds = line.getPricingQuantity();
      }
    }
    BigDecimal vcpu = null;
    if (vcpuSeconds != null && event.getBilledDurationMs() > 0) {
      try {
        vcpu =
            vcpuSeconds
                .divide(
                    BigDecimal.valueOf(event.getBilledDurationMs())
                        .movePointLeft(3)
                        .multiply(BigDecimal.valueOf(requests)))
                .stripTrailingZeros();
      } catch (ArithmeticException e) {
        throw new InvalidUsageException(
            "cost event " + event.getEventId() + ": vCPU-Seconds line does not divide evenly");
      }
    }
    return new Usage(
        event.getProvider(),
        event.getRegionId(),
        event.getArchitecture(),
        event.getMemoryMb(),
        event.getDurationMs(),
        event.getEstimated() ? null : event.getBilledDurationMs(),
        vcpu,
        requests);
  }
}
