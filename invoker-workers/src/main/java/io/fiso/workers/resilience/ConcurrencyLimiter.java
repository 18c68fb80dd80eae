package io.fiso.workers.resilience;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bounds the calls in flight: at most {@code providerLimit} in all, and at most the function's
 * limit for each function (AWS's default account limit is 1,000 concurrent executions; a function
 * may have reserved concurrency). {@link #acquire} returns a future that completes when both
 * permits are held; waiters are served first come, first served per function, and a function at its
 * limit never blocks the others. Records the largest number of calls ever in flight. Thread-safe.
 */
public final class ConcurrencyLimiter {

  private final int providerLimit;
  private final int defaultFunctionLimit;
  private final Map<String, Integer> functionLimits;
  private final Map<String, Integer> inFlightByFunction = new HashMap<>();
  private final Map<String, Deque<Waiter>> waiting = new HashMap<>();
  private final Deque<String> readyOrder = new ArrayDeque<>();
  private final List<Runnable> freeListeners = new CopyOnWriteArrayList<>();
  private int inFlight;
  private int maxInFlight;
  private int waiters;

  private record Waiter(String function, CompletableFuture<Permit> future) {}

  /** One call's permission; {@link #close()} gives it back (idempotent). */
  public final class Permit implements AutoCloseable {
    private final String function;
    private boolean released;

    private Permit(String function) {
      this.function = function;
    }

    @Override
    public void close() {
      synchronized (ConcurrencyLimiter.this) {
        if (released) {
          return;
        }
        released = true;
        inFlight--;
        int n = inFlightByFunction.merge(function, -1, Integer::sum);
        if (n <= 0) {
          inFlightByFunction.remove(function);
        }
      }
      if (dispatch()) {
        freeListeners.forEach(Runnable::run);
      }
    }
  }

  /**
   * @param providerLimit calls in flight to the provider, all functions together
   * @param defaultFunctionLimit calls in flight per function without its own limit
   * @param functionLimits limits of particular functions
   */
  public ConcurrencyLimiter(
      int providerLimit, int defaultFunctionLimit, Map<String, Integer> functionLimits) {
    if (providerLimit < 1) {
      throw new IllegalArgumentException(
          "provider concurrency limit must be >= 1, was " + providerLimit);
    }
    if (defaultFunctionLimit < 1) {
      throw new IllegalArgumentException(
          "per-function concurrency limit must be >= 1, was " + defaultFunctionLimit);
    }
    functionLimits.forEach(
        (f, l) -> {
          if (l == null || l < 1) {
            throw new IllegalArgumentException(
                "concurrency limit of function " + f + " must be >= 1, was " + l);
          }
        });
    this.providerLimit = providerLimit;
    this.defaultFunctionLimit = defaultFunctionLimit;
    this.functionLimits = Map.copyOf(functionLimits);
  }

  /** A permit for one call of {@code function}, now or when one is free. */
  public CompletableFuture<Permit> acquire(String function) {
    Objects.requireNonNull(function, "function");
    CompletableFuture<Permit> future = new CompletableFuture<>();
    synchronized (this) {
      if (inFlight < providerLimit && inFlightOf(function) < limitOf(function)) {
        future.complete(grant(function));
        return future;
      }
      Deque<Waiter> queue = waiting.computeIfAbsent(function, f -> new ArrayDeque<>());
      if (queue.isEmpty()) {
        readyOrder.addLast(function);
      }
      queue.addLast(new Waiter(function, future));
      waiters++;
    }
    return future;
  }

  private Permit grant(String function) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    inFlightByFunction.merge(function, 1, Integer::sum);
    return new Permit(function);
  }

  /**
   * Runs {@code listener} each time a permit comes back and no waiter takes it, so that a call of
   * some function could start now (a consumer that stopped polling for lack of permits polls
   * again). It runs on the thread that returned the permit: it must be quick and must not block.
   */
  public void onFree(Runnable listener) {
    freeListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Hands free permits to waiters; returns whether a permit is still free afterwards. */
  private boolean dispatch() {
    while (true) {
      Waiter chosen = null;
      Permit permit = null;
      synchronized (this) {
        if (inFlight >= providerLimit || readyOrder.isEmpty()) {
          return inFlight < providerLimit;
        }
        // Oldest function queue whose function is under its own limit.
        for (var it = readyOrder.iterator(); it.hasNext(); ) {
          String function = it.next();
          Deque<Waiter> queue = waiting.get(function);
          while (queue != null && !queue.isEmpty() && queue.peekFirst().future().isDone()) {
            queue.pollFirst(); // cancelled while waiting
            waiters--;
          }
          if (queue == null || queue.isEmpty()) {
            it.remove();
            waiting.remove(function);
            continue;
          }
          if (inFlightOf(function) < limitOf(function)) {
            chosen = queue.pollFirst();
            waiters--;
            if (queue.isEmpty()) {
              it.remove();
              waiting.remove(function);
            } else {
              // Round robin between functions.
              it.remove();
              readyOrder.addLast(function);
            }
            permit = grant(function);
            break;
          }
        }
        if (chosen == null) {
          return inFlight < providerLimit;
        }
      }
      if (!chosen.future().complete(permit)) {
        permit.close(); // the waiter gave up meanwhile; its close() dispatches again
        return false;
      }
    }
  }

  private int inFlightOf(String function) {
    return inFlightByFunction.getOrDefault(function, 0);
  }

  private int limitOf(String function) {
    return functionLimits.getOrDefault(function, defaultFunctionLimit);
  }

  /** Whether a call of some function could start now without waiting. */
  public synchronized boolean hasCapacity() {
    return inFlight < providerLimit;
  }

  public synchronized int inFlight() {
    return inFlight;
  }

  /** The largest number of calls in flight at once since this limiter was made. */
  public synchronized int maxInFlight() {
    return maxInFlight;
  }

  /** Calls waiting for a permit. */
  public synchronized int waiting() {
    return waiters;
  }

  public int providerLimit() {
    return providerLimit;
  }
}
