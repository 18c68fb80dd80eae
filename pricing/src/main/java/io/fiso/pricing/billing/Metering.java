package io.fiso.pricing.billing;

import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding and line-building shared by the billing rules. Exact BigDecimal throughout. */
final class Metering {
  private static final BigDecimal MB_PER_GB = BigDecimal.valueOf(1024);

  private Metering() {}

  static void requireApplies(PriceSheet sheet, Usage usage) {
    if (!PriceSheets.appliesTo(sheet, usage)) {
      throw new InvalidUsageException(
          "price sheet "
              + PriceSheets.key(sheet)
              + " does not apply to usage on "
              + PriceSheets.key(usage.provider(), usage.region(), usage.architecture()));
    }
  }

  /**
   * Duration rounded up to a multiple of the sheet's rounding, at least one rounding unit, at least
   * the sheet's minimum.
   */
  static long billedDurationMs(double durationMs, PriceSheet sheet) {
    long rounding = sheet.getDurationRoundingMs();
    long units;
    try {
      units =
          BigDecimal.valueOf(durationMs)
              .divide(BigDecimal.valueOf(rounding), 0, RoundingMode.CEILING)
              .longValueExact();
    } catch (ArithmeticException e) {
      throw new InvalidUsageException("durationMs " + durationMs + " is too large to bill");
    }
    return Math.max(Math.max(units, 1) * rounding, sheet.getMinimumDurationMs());
  }

  /**
   * Configured memory rounded up to the sheet's memory rounding; memory outside the plan's limits
   * is an error (the provider would not accept such a configuration).
   */
  static int memoryWithinLimits(Usage usage, PriceSheet sheet) {
    int memory = usage.memoryMb();
    if (memory < sheet.getMinimumMemoryMb() || memory > sheet.getMaximumMemoryMb()) {
      throw new InvalidUsageException(
          "memoryMb "
              + memory
              + " is outside "
              + sheet.getService()
              + "'s "
              + sheet.getMinimumMemoryMb()
              + "-"
              + sheet.getMaximumMemoryMb()
              + " MB (price sheet "
              + PriceSheets.key(sheet)
              + ")");
    }
    return roundUp(memory, sheet.getMemoryRoundingMb());
  }

  static int roundUp(int value, int multiple) {
    return Math.toIntExact(((long) value + multiple - 1) / multiple * multiple);
  }

  /** {@code memoryMb / 1024}, exact (at most 10 decimals). */
  static BigDecimal gigabytes(int memoryMb) {
    return BigDecimal.valueOf(memoryMb).divide(MB_PER_GB);
  }

  /** {@code ms / 1000}, exact. */
  static BigDecimal seconds(long ms) {
    return BigDecimal.valueOf(ms).movePointLeft(3);
  }

  /** {@code ms / 1000} of a measured duration, exact in its shortest decimal form. */
  static BigDecimal seconds(double ms) {
    return BigDecimal.valueOf(ms).movePointLeft(3);
  }

  /** A consumed quantity: exact when it fits 18 decimals, else rounded half-even to 18. */
  static BigDecimal consumed(BigDecimal quantity) {
    BigDecimal stripped = quantity.stripTrailingZeros();
    return stripped.scale() > Decimals.QUANTITY_SCALE
        ? stripped.setScale(Decimals.QUANTITY_SCALE, RoundingMode.HALF_EVEN)
        : quantity;
  }

  static ChargeLine requests(PriceComponent component, Usage usage) {
    BigDecimal count = BigDecimal.valueOf(usage.requests());
    return ChargeLine.of(
        component.getSkuPriceId(),
        usage.requests() == 1 ? "1 request" : usage.requests() + " requests",
        component.getUnitPrice(),
        count,
        Units.REQUESTS,
        count,
        Units.REQUESTS);
  }

  /**
   * A "size × time" line: {@code size × billedMs/1000 × requests} priced, {@code consumedSize ×
   * durationMs/1000 × requests} consumed.
   */
  static ChargeLine sizeTime(
      PriceComponent component,
      String unit,
      BigDecimal billedSize,
      BigDecimal consumedSize,
      long billedMs,
      Usage usage,
      String description) {
    BigDecimal requests = BigDecimal.valueOf(usage.requests());
    BigDecimal pricing = billedSize.multiply(seconds(billedMs)).multiply(requests);
    BigDecimal consumed =
        consumed(consumedSize.multiply(seconds(usage.durationMs())).multiply(requests));
    return ChargeLine.of(
        component.getSkuPriceId(),
        description + (usage.requests() == 1 ? "" : " × " + usage.requests() + " requests"),
        component.getUnitPrice(),
        pricing,
        unit,
        consumed,
        unit);
  }

  static String durations(long billedMs, Usage usage) {
    return billedMs
        + " ms billed ("
        + BigDecimal.valueOf(usage.durationMs()).stripTrailingZeros().toPlainString()
        + " ms run)";
  }
}
