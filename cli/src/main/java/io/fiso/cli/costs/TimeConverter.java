package io.fiso.cli.costs;

import io.fiso.costs.time.TimeExpressions;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads --from / --to: ISO-8601 instants, UTC dates, {@code now}, or {@code -1h}, {@code -7d}. */
public final class TimeConverter implements ITypeConverter<Instant> {

  static final Clock CLOCK = Clock.systemUTC();

  @Override
  public Instant convert(String value) {
    try {
      return TimeExpressions.parse(value, CLOCK);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
