package io.fiso.costs.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeExpressionsTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsInstantsDatesAndRelativeTimes() {
    assertThat(TimeExpressions.parse("2026-11-01T10:00:00Z", clock))
        .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(TimeExpressions.parse("2026-11-01T10:00:00+01:00", clock))
        .isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
    assertThat(TimeExpressions.parse("2026-11-01", clock))
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(TimeExpressions.parse("2026-11-01T10:30", clock))
        .isEqualTo(Instant.parse("2026-11-01T10:30:00Z"));
    assertThat(TimeExpressions.parse("-1h", clock))
        .isEqualTo(Instant.parse("2026-11-20T11:00:00Z"));
    assertThat(TimeExpressions.parse("-7d", clock))
        .isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
    assertThat(TimeExpressions.parse("now", clock)).isEqualTo(clock.instant());
  }

  @Test
  void explainsTheAcceptedFormsWhenItCannotRead() {
    assertThatThrownBy(() -> TimeExpressions.parse("yesterday", clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'yesterday' is not a time")
        .hasMessageContaining("-7d");
    assertThatThrownBy(() -> TimeExpressions.parse("-7x", clock))
        .hasMessageContaining("'-7x' is not a time");
  }

  @Test
  void durationsInShortAndIsoForms() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThatThrownBy(() -> Durations.parse("five minutes")).hasMessageContaining("30s, 5m");
  }
}
