package io.fiso.costs.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Points in time as users write them on the command line: an ISO-8601 instant ({@code
 * 2026-11-01T10:00:00Z}, {@code 2026-11-01T10:00:00+01:00}), a date or local date-time read as UTC
 * ({@code 2026-11-01}, {@code 2026-11-01T10:00}), {@code now}, or relative to now: {@code -1h},
 * {@code -7d}, {@code -30m}, {@code -2w}.
 */
public final class TimeExpressions {

  private TimeExpressions() {}

  /**
   * Parses {@code text} against {@code clock}.
   *
   * @throws IllegalArgumentException listing the accepted forms
   */
  public static Instant parse(String text, Clock clock) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty time: " + FORMS);
    }
    String t = text.trim();
    if (t.equalsIgnoreCase("now")) {
      return clock.instant();
    }
    if (t.startsWith("-") || t.startsWith("+")) {
      try {
        var d = Durations.parse(t.substring(1));
        return t.startsWith("-") ? clock.instant().minus(d) : clock.instant().plus(d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a time: " + FORMS, e);
      }
    }
    try {
      return Instant.parse(t.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time: " + FORMS, e);
    }
  }

  private static final String FORMS =
      "write an ISO-8601 instant (2026-11-01T10:00:00Z), a UTC date (2026-11-01) or date-time"
          + " (2026-11-01T10:00), 'now', or a time relative to now (-1h, -7d, -30m, -2w)";
}
