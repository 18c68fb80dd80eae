package io.fiso.controlplane.invocation;

import io.fiso.avro.InvocationResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest results seen, at most {@code capacity}, least recently arrived evicted first.
 * Remembers the newest request time among evicted results, so a lookup can tell "evicted" from "not
 * yet". Thread-safe.
 */
public final class RecentResults {

  private final int capacity;
  private final LinkedHashMap<String, InvocationResult> results;
  private Instant evictedUpTo = Instant.EPOCH;

  public RecentResults(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.results = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false);
  }

  /** Records a result; a later result for the same id replaces the earlier one. */
  public synchronized void put(InvocationResult result) {
    results.remove(result.getInvocationId());
    results.put(result.getInvocationId(), result);
    while (results.size() > capacity) {
      Map.Entry<String, InvocationResult> eldest = results.entrySet().iterator().next();
      results.remove(eldest.getKey());
      Instant requested = eldest.getValue().getRequestedAt();
      if (requested != null && requested.isAfter(evictedUpTo)) {
        evictedUpTo = requested;
      }
    }
  }

  public synchronized Optional<InvocationResult> get(String invocationId) {
    return Optional.ofNullable(results.get(invocationId));
  }

  /** The newest request time of any evicted result ({@link Instant#EPOCH} when none was). */
  public synchronized Instant evictedUpTo() {
    return evictedUpTo;
  }

  public synchronized int size() {
    return results.size();
  }
}
