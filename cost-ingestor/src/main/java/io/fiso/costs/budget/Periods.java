package io.fiso.costs.budget;

import io.fiso.avro.BudgetPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** UTC calendar periods of budgets. */
public final class Periods {

  private Periods() {}

  /** Start of the period containing {@code epochMs}. */
  public static long start(BudgetPeriod period, long epochMs) {
    LocalDate day = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate first = period == BudgetPeriod.DAY ? day : day.withDayOfMonth(1);
    return first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** End (exclusive) of the period starting at {@code startMs}. */
  public static long end(BudgetPeriod period, long startMs) {
    ZonedDateTime start = Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC);
    ZonedDateTime end = period == BudgetPeriod.DAY ? start.plusDays(1) : start.plusMonths(1);
    return end.toInstant().toEpochMilli();
  }
}
