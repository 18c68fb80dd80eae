package io.fiso.devstack.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an emulated function saw: calls, cold starts, throttles, errors, concurrency. Thread-safe.
 */
public final class FunctionStats {

  /** The counters at one moment (the control API's JSON). */
  public record Snapshot(
      long requests,
      long invocations,
      long coldStarts,
      long throttled,
      long unavailable,
      long functionErrors,
      int running,
      int maxRunning,
      int distinctInvocationIds) {}

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong coldStarts = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong functionErrors = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final Map<String, AtomicInteger> byInvocationId = new ConcurrentHashMap<>();

  void request() {
    requests.incrementAndGet();
  }

  /**
   * A call about to run the function, admitted only while fewer than {@code limit} run (0: no
   * limit). Returns false, counting nothing, when the limit is reached.
   */
  boolean tryStart(String invocationId, int limit) {
    while (true) {
      int now = running.get();
      if (limit > 0 && now >= limit) {
        return false;
      }
      if (running.compareAndSet(now, now + 1)) {
        maxRunning.accumulateAndGet(now + 1, Math::max);
        break;
      }
    }
    invocations.incrementAndGet();
    if (invocationId != null) {
      byInvocationId.computeIfAbsent(invocationId, k -> new AtomicInteger()).incrementAndGet();
    }
    return true;
  }

  void finished() {
    running.decrementAndGet();
  }

  void countColdStart() {
    coldStarts.incrementAndGet();
  }

  void countThrottle() {
    throttled.incrementAndGet();
  }

  void countUnavailable() {
    unavailable.incrementAndGet();
  }

  void countFunctionError() {
    functionErrors.incrementAndGet();
  }

  int running() {
    return running.get();
  }

  /** How many times the function ran for {@code invocationId} (FISO's X-Fiso-Invocation-Id). */
  public int calls(String invocationId) {
    AtomicInteger n = byInvocationId.get(invocationId);
    return n == null ? 0 : n.get();
  }

  public long invocations() {
    return invocations.get();
  }

  public long coldStarts() {
    return coldStarts.get();
  }

  public long throttled() {
    return throttled.get();
  }

  public int maxRunning() {
    return maxRunning.get();
  }

  public Snapshot snapshot() {
    return new Snapshot(
        requests.get(),
        invocations.get(),
        coldStarts.get(),
        throttled.get(),
        unavailable.get(),
        functionErrors.get(),
        running.get(),
        maxRunning.get(),
        byInvocationId.size());
  }

  public void reset() {
    requests.set(0);
    invocations.set(0);
    coldStarts.set(0);
    throttled.set(0);
    unavailable.set(0);
    functionErrors.set(0);
    maxRunning.set(running.get());
    byInvocationId.clear();
  }
}
