package io.fiso.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

  @Test
  void neverGrantsMoreThanTheProviderLimit() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(3, 10, Map.of());
    List<CompletableFuture<ConcurrencyLimiter.Permit>> permits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      permits.add(limiter.acquire("f" + i));
    }

    assertThat(permits).filteredOn(CompletableFuture::isDone).hasSize(3);
    assertThat(limiter.waiting()).isEqualTo(2);

    permits.get(0).join().close();
    assertThat(permits).filteredOn(CompletableFuture::isDone).hasSize(4);
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(limiter.maxInFlight()).isEqualTo(3);
  }

  @Test
  void aFunctionAtItsLimitDoesNotBlockTheOthers() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(10, 10, Map.of("reserved", 1));
    CompletableFuture<ConcurrencyLimiter.Permit> first = limiter.acquire("reserved");
    CompletableFuture<ConcurrencyLimiter.Permit> second = limiter.acquire("reserved");
    CompletableFuture<ConcurrencyLimiter.Permit> other = limiter.acquire("other");

    assertThat(first).isDone();
    assertThat(second).isNotDone();
    assertThat(other).isDone();

    first.join().close();
    assertThat(second).isDone();
  }

  @Test
  void closingAPermitTwiceGivesItBackOnce() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, Map.of());
    ConcurrencyLimiter.Permit p = limiter.acquire("f").join();
    CompletableFuture<ConcurrencyLimiter.Permit> waiting = limiter.acquire("f");
    CompletableFuture<ConcurrencyLimiter.Permit> alsoWaiting = limiter.acquire("f");

    p.close();
    p.close();

    assertThat(waiting).isDone();
    assertThat(alsoWaiting).isNotDone();
    assertThat(limiter.inFlight()).isEqualTo(1);
  }

  @Test
  void aCancelledWaiterLosesItsTurn() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, Map.of());
    ConcurrencyLimiter.Permit p = limiter.acquire("f").join();
    CompletableFuture<ConcurrencyLimiter.Permit> gaveUp = limiter.acquire("f");
    CompletableFuture<ConcurrencyLimiter.Permit> next = limiter.acquire("f");

    gaveUp.cancel(false);
    p.close();

    assertThat(next).isDone();
    assertThat(limiter.inFlight()).isEqualTo(1);
  }
}
