package io.fiso.router.strategy;

import java.math.BigDecimal;
import java.util.Locale;

/** How figures read in reasons and notes. */
public final class Figures {

  private Figures() {}

  /** {@code $0.0000020834}: exact, without trailing zeros. */
  public static String usd(BigDecimal amount) {
    if (amount == null) {
      return "unknown";
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() < 0) {
      stripped = stripped.setScale(0);
    }
    return "$" + stripped.toPlainString();
  }

  /** {@code 120 ms}, or {@code 4.5 ms} below 10 ms. */
  public static String ms(double millis) {
    // On every routing decision: plain arithmetic, String.format was 9% of the router's time.
    if (!(millis >= 0) || millis > 1e15) {
      return String.format(Locale.ROOT, "%.1f ms", millis); // NaN, negative, absurd: as is
    }
    if (millis < 10) {
      long tenths = Math.round(millis * 10);
      return tenths / 10 + "." + tenths % 10 + " ms";
    }
    return Math.round(millis) + " ms";
  }

  /** The candidate's cost, or "no price known". */
  static String cost(Candidate c) {
    return c.hasCost() ? usd(c.predictedCost()) : "no price known";
  }

  /** The candidate's p95, or "nothing measured yet". */
  static String p95(Candidate c) {
    return c.hasLatency() ? "p95 " + ms(c.p95LatencyMs()) : "no latency measured yet";
  }
}
