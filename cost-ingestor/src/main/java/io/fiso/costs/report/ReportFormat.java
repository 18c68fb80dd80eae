package io.fiso.costs.report;

import java.util.Locale;

/** How a cost report is printed. */
public enum ReportFormat {
  TABLE,
  CSV,
  JSON;

  /** Parses table, csv or json (any case). */
  public static ReportFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--format must be table, csv or json, not '" + s + "'");
    }
  }
}
