package io.fiso.costs.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d},
 * {@code 2w} or ISO-8601 ({@code PT5M}).
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is none of them
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration: write e.g. 30s, 5m, 1h, 7d or PT5M");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write e.g. 250ms, 30s, 5m, 1h, 7d, 2w or PT5M", e);
    }
  }

  /** Short human form: 5m, 90s, 1h30m. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    long s = d.getSeconds();
    long days = s / 86400;
    long hours = (s % 86400) / 3600;
    long minutes = (s % 3600) / 60;
    long seconds = s % 60;
    if (days > 0) {
      out.append(days).append('d');
    }
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    return out.toString();
  }
}
