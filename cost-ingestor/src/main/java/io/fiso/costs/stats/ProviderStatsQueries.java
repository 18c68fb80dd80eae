package io.fiso.costs.stats;

import io.fiso.avro.ProviderStats;
import io.fiso.costs.CostIngestorNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the current provider statistics from the cost-ingestor's state store (interactive queries):
 * the same records fiso.provider-stats carries, but up to date with every event, not only the
 * emitted ones. Answers from the partitions this instance hosts.
 */
public final class ProviderStatsQueries {

  private final Supplier<ReadOnlyKeyValueStore<String, ProviderStatsState>> store;

  public ProviderStatsQueries(Supplier<ReadOnlyKeyValueStore<String, ProviderStatsState>> store) {
    this.store = store;
  }

  public static ProviderStatsQueries of(KafkaStreams streams) {
    return new ProviderStatsQueries(
        () ->
            streams.store(
                StoreQueryParameters.fromNameAndType(
                    CostIngestorNames.STATS_STORE,
                    QueryableStoreTypes.<String, ProviderStatsState>keyValueStore())));
  }

  /**
   * Statistics of one function on one provider and region (key {@code function/PROVIDER/region}).
   */
  public Optional<ProviderStats> get(String key) {
    ProviderStatsState s = store.get().get(key);
    return Optional.ofNullable(s).map(ProviderStatsState::toRecord);
  }

  /** Every function/provider/region's statistics, or those of one function when not null. */
  public List<ProviderStats> all(String function) {
    List<ProviderStats> out = new ArrayList<>();
    try (KeyValueIterator<String, ProviderStatsState> it = store.get().all()) {
      while (it.hasNext()) {
        KeyValue<String, ProviderStatsState> kv = it.next();
        if (function == null || kv.value.function.equals(function)) {
          out.add(kv.value.toRecord());
        }
      }
    }
    return out;
  }
}
