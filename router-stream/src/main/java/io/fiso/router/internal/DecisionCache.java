package io.fiso.router.internal;

import io.fiso.avro.Provider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Routing decisions remembered by what they depend on, shared by the router's tasks.
 *
 * <p>A routed decision (everything but its time) is a function of the request's function, hints,
 * labels and excluded providers, of the global stores, and, for budgets, of the time moving forward
 * past a period's end. So a decision is keyed by the Avro bytes of those request fields and kept
 * with the {@link StateVersion} numbers it was computed under (the global one and its function's
 * statistics version) and the time it was computed at: it is used again only while both numbers are
 * the same and the time is not earlier. Strategies that depend on the invocation id (WEIGHTED) are
 * remembered as not reusable. Rejections are not remembered.
 */
public final class DecisionCache {

  /** Entries kept at most; beyond it, arbitrary entries are dropped. */
  static final int MAX_ENTRIES = 16_384;

  /**
   * One remembered decision.
   *
   * @param version the state version it was computed under
   * @param stats its function's statistics version holder
   * @param statsVersion the value {@code stats} had before the decision read the stores
   * @param computedAtMs the time it was computed at
   * @param provider the provider routed to; null when the decision cannot be reused (it depends on
   *     the invocation id, or its bytes could not be checked)
   * @param decision the Avro bytes of the RoutingDecision without its last field, routedAt
   * @param labels the labels map as the full encode writes it, when that differs from the bytes
   *     received (another entry order); null when they are written as received
   */
  record Entry(
      long version,
      StateVersion.FunctionVersion stats,
      long statsVersion,
      long computedAtMs,
      Provider provider,
      byte[] decision,
      byte[] labels) {

    static Entry notReusable(
        long version, StateVersion.FunctionVersion stats, long statsVersion, long computedAtMs) {
      return new Entry(version, stats, statsVersion, computedAtMs, null, null, null);
    }

    boolean reusable() {
      return provider != null;
    }

    /** Whether it holds under {@code version} at {@code nowMs}. */
    boolean current(long version, long nowMs) {
      return this.version == version && stats.current() == statsVersion && nowMs >= computedAtMs;
    }
  }

  /** The Avro bytes of the request fields a decision depends on. */
  static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && other.hash == hash && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final LongAdder reuses = new LongAdder();

  /** The key of a scanned request: its function, hints and labels, and excluded providers. */
  static Key key(RequestScan s) {
    int function = s.functionStart + s.functionLength - s.functionField;
    int hints = s.labelsEnd - s.hintsStart;
    int excluded = s.excludedEnd - s.excludedStart;
    byte[] key = new byte[function + hints + excluded];
    System.arraycopy(s.data, s.functionField, key, 0, function);
    System.arraycopy(s.data, s.hintsStart, key, function, hints);
    System.arraycopy(s.data, s.excludedStart, key, function + hints, excluded);
    return new Key(key);
  }

  Entry get(Key key) {
    return entries.get(key);
  }

  void put(Key key, Entry entry) {
    if (entries.size() >= MAX_ENTRIES) {
      Iterator<Key> it = entries.keySet().iterator();
      for (int i = 0; i < MAX_ENTRIES / 4 && it.hasNext(); i++) {
        it.next();
        it.remove();
      }
    }
    entries.put(key, entry);
  }

  /** Counts one record routed with a remembered decision. */
  void reused() {
    reuses.increment();
  }

  /** Records routed with a remembered decision so far. */
  public long reuses() {
    return reuses.sum();
  }

  /** Decisions remembered now. */
  public int size() {
    return entries.size();
  }
}
