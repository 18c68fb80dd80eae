package io.fiso.pricing.billing;

import io.fiso.avro.Architecture;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link Usage} costs at list price, FOCUS-shaped.
 *
 * <p>Free tiers are monthly grants per account/subscription/billing account, not per invocation, so
 * they are never netted here: {@code billedCost == effectiveCost == listCost}, the sum of the
 * lines. Apply grants and volume tiers to a month's totals with {@code
 * io.fiso.pricing.monthly.MonthlyCost}.
 *
 * @param provider provider billed
 * @param region region of the usage (FOCUS RegionId)
 * @param architecture architecture billed
 * @param service plan priced (FOCUS ServiceName)
 * @param skuId FOCUS SkuId: the price sheet used, provider/service/sheet region/architecture
 * @param currency FOCUS BillingCurrency
 * @param lines the priced quantities
 * @param listCost sum of the lines' cost
 * @param billedCost equal to listCost (see above)
 * @param effectiveCost equal to listCost (see above)
 * @param durationMs run time the usage reported or FISO measured
 * @param billedDurationMs duration billed per request after rounding and minimums (or as AWS
 *     reported it)
 * @param memoryMb configured memory
 * @param billedMemoryMb memory billed per request after the provider's rounding, minimum and cap
 * @param billedVcpu vCPUs billed per request (Google), null where vCPU is not billed separately
 * @param estimated false only when AWS's reported billed duration was used
 * @param priceSheetVersion version of the price sheet used
 */
public record Charge(
    Provider provider,
    String region,
    Architecture architecture,
    String service,
    String skuId,
    String currency,
    List<ChargeLine> lines,
    BigDecimal listCost,
    BigDecimal billedCost,
    BigDecimal effectiveCost,
    double durationMs,
    long billedDurationMs,
    int memoryMb,
    int billedMemoryMb,
    BigDecimal billedVcpu,
    boolean estimated,
    long priceSheetVersion) {

  public Charge {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(skuId, "skuId");
    Objects.requireNonNull(currency, "currency");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a charge has at least one line");
    }
    BigDecimal sum = sum(lines);
    if (listCost.compareTo(sum) != 0
        || billedCost.compareTo(sum) != 0
        || effectiveCost.compareTo(sum) != 0) {
      throw new IllegalArgumentException(
          "listCost, billedCost and effectiveCost must equal the sum of the lines, " + sum);
    }
  }

  /** A charge whose three totals are the sum of {@code lines}. */
  public static Charge of(
      Usage usage,
      String service,
      String skuId,
      String currency,
      List<ChargeLine> lines,
      long billedDurationMs,
      int billedMemoryMb,
      BigDecimal billedVcpu,
      boolean estimated,
      long priceSheetVersion) {
    BigDecimal total = sum(lines);
    return new Charge(
        usage.provider(),
        usage.region(),
        usage.architecture(),
        service,
        skuId,
        currency,
        lines,
        total,
        total,
        total,
        usage.durationMs(),
        billedDurationMs,
        usage.memoryMb(),
        billedMemoryMb,
        billedVcpu,
        estimated,
        priceSheetVersion);
  }

  /** The line for {@code pricingUnit}, e.g. {@link Units#REQUESTS}. */
  public ChargeLine line(String pricingUnit) {
    return lines.stream()
        .filter(l -> l.pricingUnit().equals(pricingUnit))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("charge " + skuId + " has no " + pricingUnit));
  }

  private static BigDecimal sum(List<ChargeLine> lines) {
    return lines.stream().map(ChargeLine::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
