package io.fiso.pricing.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The Avro decimal shapes FISO records use and checks that a value fits them without rounding.
 * Money is decimal(38,24), quantities and unit prices decimal(38,18).
 */
public final class Decimals {
  public static final int PRECISION = 38;
  public static final int MONEY_SCALE = 24;
  public static final int QUANTITY_SCALE = 18;

  /**
   * Most decimal places a unit price may have. Every pricing quantity FISO produces has at most 13
   * decimal places (memoryMb/1024 has at most 10, milliseconds/1000 adds 3; vCPU has 3), so a unit
   * price with at most 11 keeps every cost within {@link #MONEY_SCALE} exactly.
   */
  public static final int MAX_UNIT_PRICE_SCALE = MONEY_SCALE - 13;

  private Decimals() {}

  /** Whether {@code value} can be written as decimal(38, scale) without rounding. */
  public static boolean fits(BigDecimal value, int scale) {
    BigDecimal stripped = value.stripTrailingZeros();
    int effectiveScale = Math.max(stripped.scale(), 0);
    if (effectiveScale > scale) {
      return false;
    }
    int integerDigits = stripped.precision() - stripped.scale();
    return integerDigits <= PRECISION - scale;
  }

  /** {@code value} at scale 24 (decimal(38,24)), exactly; throws if it would need rounding. */
  public static BigDecimal money(BigDecimal value) {
    return exact(value, MONEY_SCALE, "money");
  }

  /** {@code value} at scale 18 (decimal(38,18)), exactly; throws if it would need rounding. */
  public static BigDecimal quantity(BigDecimal value) {
    return exact(value, QUANTITY_SCALE, "quantity");
  }

  private static BigDecimal exact(BigDecimal value, int scale, String what) {
    if (!fits(value, scale)) {
      throw new ArithmeticException(
          what + " " + value.toPlainString() + " does not fit decimal(38," + scale + ") exactly");
    }
    return value.setScale(scale, RoundingMode.UNNECESSARY);
  }
}
