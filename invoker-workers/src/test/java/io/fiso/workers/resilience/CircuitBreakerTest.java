package io.fiso.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private Instant now = Instant.parse("2026-11-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          "AWS", new CircuitBreaker.Settings(10, 4, 0.5, Duration.ofSeconds(30), 2), clock);

  private void calls(int successes, int failures) {
    for (int i = 0; i < successes; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onSuccess();
    }
    for (int i = 0; i < failures; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure();
    }
  }

  @Test
  void staysClosedBelowTheMinimumNumberOfCalls() {
    calls(0, 3);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void opensAtTheFailureRateAndRefusesCallsWhileOpen() {
    calls(2, 2);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void halfOpensAfterTheOpenPeriodAndClosesWhenTheTrialsSucceed() {
    calls(0, 4);
    now = now.plusSeconds(30);

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("only the trial calls").isFalse();
    breaker.onSuccess();
    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aFailedTrialOpensItAgain() {
    calls(0, 4);
    now = now.plusSeconds(31);
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.opens()).isEqualTo(2);
  }

  @Test
  void oldOutcomesLeaveTheWindow() {
    calls(0, 3);
    calls(10, 0);
    calls(0, 3);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
