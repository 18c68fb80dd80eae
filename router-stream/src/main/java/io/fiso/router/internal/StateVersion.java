package io.fiso.router.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A number that changes whenever any of the router's global stores (policies, prices, provider
 * statistics, budget status) may have changed: every write, delete, initialisation and close of one
 * of them moves it on, after the change. A decision remembered together with the number it was
 * computed under is still the decision while the number is the same.
 */
public final class StateVersion {

  private final AtomicLong version = new AtomicLong();

  /** The number now; read it before reading the stores a decision depends on. */
  long current() {
    return version.get();
  }

  /** Called after a store changed. */
  void changed() {
    version.incrementAndGet();
  }
}
