package io.fiso.costs.budget;

import io.fiso.avro.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The budgets of the policies in the global policies store, read again when the snapshot is older
 * than the refresh interval (wall clock).
 */
final class PolicySnapshot {

  private final TimestampedKeyValueStore<String, RoutingPolicy> store;
  private final long refreshMs;
  private final LongSupplier clock;
  private BudgetDefinitions current;
  private long readAt = Long.MIN_VALUE;

  PolicySnapshot(
      TimestampedKeyValueStore<String, RoutingPolicy> store, long refreshMs, LongSupplier clock) {
    this.store = store;
    this.refreshMs = refreshMs;
    this.clock = clock;
  }

  BudgetDefinitions get() {
    long now = clock.getAsLong();
    if (current == null || refreshMs == 0 || now - readAt >= refreshMs || now < readAt) {
      List<RoutingPolicy> policies = new ArrayList<>();
      try (KeyValueIterator<String, ValueAndTimestamp<RoutingPolicy>> all = store.all()) {
        while (all.hasNext()) {
          KeyValue<String, ValueAndTimestamp<RoutingPolicy>> kv = all.next();
          if (kv.value != null && kv.value.value() != null) {
            policies.add(kv.value.value());
          }
        }
      }
      current = BudgetDefinitions.of(policies);
      readAt = now;
    }
    return current;
  }
}
