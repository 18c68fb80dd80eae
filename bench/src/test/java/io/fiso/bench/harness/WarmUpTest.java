package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  @Test
  void theWarmUpLastsItsTimeThenUntilTheJitIsQuietButNotPastTheLimit() {
    long end = 120, limit = 600;
    // before the minimum time: on, however quiet the JIT
    assertThat(WarmUp.keepGoing(60, end, limit, 10, 150)).isTrue();
    // after it: on while the JIT compiles more than the threshold, off once it does not
    assertThat(WarmUp.keepGoing(130, end, limit, 400, 150)).isTrue();
    assertThat(WarmUp.keepGoing(130, end, limit, 150, 150)).isFalse();
    assertThat(WarmUp.keepGoing(130, end, limit, -1, 150)).isFalse();
    // at the limit: off, even while compiling
    assertThat(WarmUp.keepGoing(600, end, limit, 900, 150)).isFalse();
  }

  @Test
  void theLimitIsTenMinutesOrTheMinimumIfLonger() {
    assertThat(WarmUp.limitNanos(0, Duration.ofSeconds(120))).isEqualTo(600_000_000_000L);
    assertThat(WarmUp.limitNanos(5, Duration.ofMinutes(15))).isEqualTo(900_000_000_005L);
  }

  @Test
  void badOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> WarmUp.check(Duration.ofSeconds(-1), 150))
        .hasMessageContaining("--warmup-time");
    assertThatThrownBy(() -> WarmUp.check(Duration.ZERO, 0)).hasMessageContaining("--jit-quiet");
  }
}
