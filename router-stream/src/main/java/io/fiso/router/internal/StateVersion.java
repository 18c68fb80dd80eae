package io.fiso.router.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers that change whenever the router's global stores may have changed, after the change. A
 * decision remembered together with the numbers it was computed under is still the decision while
 * they are the same.
 *
 * <ul>
 *   <li>{@link #current()} moves on with every write, delete, initialisation and close of the
 *       policies and prices, with a budget status that blocks (or is deleted), and with any change
 *       to the provider statistics that cannot be pinned to one function.
 *   <li>{@link #function(String)} moves on when one function's provider statistics change. The
 *       cost-ingestor writes statistics for every function, provider and region every few seconds;
 *       a decision reads only its own function's, so those writes leave every other function's
 *       decisions in place.
 * </ul>
 */
public final class StateVersion {

  private final AtomicLong version = new AtomicLong();

  /** Never removed: a holder kept with a decision stays the function's for good. */
  private final ConcurrentHashMap<String, FunctionVersion> functions = new ConcurrentHashMap<>();

  /** The version of one function's provider statistics; 0 until they first change. */
  static final class FunctionVersion {
    private final AtomicLong value = new AtomicLong();

    long current() {
      return value.get();
    }
  }

  /** The number now; read it before reading the stores a decision depends on. */
  long current() {
    return version.get();
  }

  /** Called after a store changed. */
  void changed() {
    version.incrementAndGet();
  }

  /**
   * The holder of {@code function}'s statistics version (created at 0 when new); read its {@link
   * FunctionVersion#current()} before reading the stores a decision depends on.
   */
  FunctionVersion function(String function) {
    return functions.computeIfAbsent(function, f -> new FunctionVersion());
  }

  /** Called after {@code function}'s provider statistics changed. */
  void functionChanged(String function) {
    function(function).value.incrementAndGet();
  }
}
