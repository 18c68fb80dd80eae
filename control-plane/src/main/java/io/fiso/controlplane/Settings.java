package io.fiso.controlplane;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the control plane's settings; each error names the setting and a valid example. */
public final class Settings {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?", Pattern.CASE_INSENSITIVE);

  private Settings() {}

  /**
   * A duration written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code
   * PT10S}), or a plain number of seconds.
   */
  public static Duration duration(String text, String setting) {
    String value = text.trim();
    if (value.regionMatches(true, 0, "PT", 0, 2)) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(setting, text, "a duration such as 500ms, 10s, 2m or PT10S");
      }
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw invalid(setting, text, "a duration such as 500ms, 10s, 2m or PT10S");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    double millis =
        switch (unit) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    return Duration.ofMillis(Math.round(millis));
  }

  /** A size in bytes: {@code 6291456}, {@code 6MiB} (binary), {@code 6MB} (decimal), ... */
  public static long bytes(String text, String setting) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw invalid(setting, text, "a size such as 6291456, 6MiB or 512KiB");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw invalid(setting, text, "a size such as 6291456, 6MiB or 512KiB");
    }
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "kb" -> 1_000L;
          case "kib" -> 1L << 10;
          case "mb" -> 1_000_000L;
          case "mib" -> 1L << 20;
          case "gb" -> 1_000_000_000L;
          case "gib" -> 1L << 30;
          default -> 1L;
        };
    return Math.multiplyExact(amount, factor);
  }

  /** A whole number. */
  public static int integer(String text, String setting) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw invalid(setting, text, "a whole number");
    }
  }

  private static IllegalArgumentException invalid(String setting, String text, String expected) {
    return new IllegalArgumentException(setting + " is '" + text + "': expected " + expected);
  }
}
