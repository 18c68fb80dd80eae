package io.fiso.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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
  void tellsItsListenersWhenAPermitComesBackThatNoWaiterTakes() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 2, Map.of());
    AtomicInteger freed = new AtomicInteger();
    limiter.onFree(freed::incrementAndGet);
    ConcurrencyLimiter.Permit a = limiter.acquire("f").join();
    ConcurrencyLimiter.Permit b = limiter.acquire("f").join();
    CompletableFuture<ConcurrencyLimiter.Permit> waiting = limiter.acquire("f");

    a.close(); // the waiter takes it: still no capacity
    assertThat(waiting).isDone();
    assertThat(freed).hasValue(0);

    b.close(); // nobody waits: a call could start now
    assertThat(freed).hasValue(1);
    assertThat(limiter.hasCapacity()).isTrue();

    b.close(); // given back already
    waiting.join().close();
    assertThat(freed).hasValue(2);
  }

  @Test
  void aPermitFreedWhileEveryWaitingFunctionIsAtItsOwnLimitStillCountsAsFree() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 1, Map.of());
    AtomicInteger freed = new AtomicInteger();
    limiter.onFree(freed::incrementAndGet);
    ConcurrencyLimiter.Permit f = limiter.acquire("f").join();
    ConcurrencyLimiter.Permit g = limiter.acquire("g").join();
    CompletableFuture<ConcurrencyLimiter.Permit> anotherF = limiter.acquire("f");

    g.close(); // only f waits, and f is at its limit of 1: another function could run now

    assertThat(anotherF).isNotDone();
    assertThat(freed).hasValue(1);
    f.close();
    assertThat(anotherF).isDone();
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
