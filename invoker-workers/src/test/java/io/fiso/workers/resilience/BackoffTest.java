package io.fiso.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void theCeilingDoublesUpToTheMaximum() {
    assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(3200));
    assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Property
  void everyDelayIsWithinZeroAndTheCeiling(@ForAll @IntRange(min = 0, max = 200) int retry) {
    Duration d = backoff.delay(retry);
    assertThat(d).isBetween(Duration.ZERO, backoff.ceiling(retry));
  }

  @Property
  void theJitterSpansTheWholeRange(
      @ForAll @IntRange(min = 0, max = 10) int retry, @ForAll @LongRange(min = 0) long r) {
    long bound = backoff.ceiling(retry).toNanos();
    assertThat(backoff.delay(retry, b -> 0)).isZero();
    assertThat(backoff.delay(retry, b -> b)).isEqualTo(Duration.ofNanos(bound));
    assertThat(backoff.delay(retry, b -> r % (b + 1)).toNanos()).isBetween(0L, bound);
  }

  @Test
  void aMaximumBelowTheBaseIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("max");
  }
}
