package io.fiso.costs.report;

import java.math.BigDecimal;

/** How FISO prints money: exact, plain (never scientific), without trailing zeros. */
public final class Decimals {

  private Decimals() {}

  /** {@code 0.000000408333750000000000} prints as {@code 0.00000040833375}; zero as {@code 0}. */
  public static String plain(BigDecimal value) {
    if (value == null) {
      return "";
    }
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toPlainString();
  }
}
