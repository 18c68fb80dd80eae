package io.fiso.router.internal;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.PricingException;
import io.fiso.schemas.policy.PolicyProblem;
import io.fiso.schemas.policy.PolicyValidator;
import io.fiso.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's four global stores, each an in-memory key-value store rebuilt from its compacted
 * topic at start-up (they are small: one record per function, price sheet, statistic or budget).
 * Every change to any of them moves the given {@link StateVersion} on.
 */
public final class RouterStores {

  private static final Logger log = LoggerFactory.getLogger(RouterStores.class);

  private RouterStores() {}

  /** fiso.policies: key = function ({@code *} = default), as the record key says. */
  public static void addPolicies(
      Topology topology,
      String store,
      String source,
      String updater,
      String topic,
      AvroDeserializer<RoutingPolicy> decoder,
      StateVersion version) {
    add(
        topology,
        store,
        source,
        updater,
        topic,
        RoutingPolicy.class,
        decoder,
        version,
        key -> null,
        GlobalStoreUpdater.<RoutingPolicy>rules(
            (key, policy) -> {
              List<PolicyProblem> problems = PolicyValidator.validate(topic, policy);
              if (!problems.isEmpty()) {
                // Still used: the router decides as well as it can and its reasons say why.
                log.warn(
                    "Policy {} (version {}) on {} has problems: {}",
                    key,
                    policy.getVersion(),
                    topic,
                    problems.stream()
                        .map(PolicyProblem::toString)
                        .collect(Collectors.joining("; ")));
              }
              return key;
            },
            key -> key,
            policy -> null,
            (incoming, current) -> true));
  }

  /** fiso.prices: stored under PROVIDER/region/ARCH; the newest version wins in any order. */
  public static void addPrices(
      Topology topology,
      String store,
      String source,
      String updater,
      String topic,
      AvroDeserializer<PriceSheet> decoder,
      StateVersion version) {
    add(
        topology,
        store,
        source,
        updater,
        topic,
        PriceSheet.class,
        decoder,
        version,
        key -> null,
        GlobalStoreUpdater.<PriceSheet>rules(
            (key, sheet) -> PriceSheets.key(sheet),
            StoreKeys::normalizePrice,
            sheet -> {
              try {
                PriceSheets.validate(sheet);
                return null;
              } catch (PricingException e) {
                return e.getMessage();
              }
            },
            (incoming, current) ->
                incoming.getVersion() != current.getVersion()
                    ? incoming.getVersion() > current.getVersion()
                    : !incoming.getPublishedAt().isBefore(current.getPublishedAt())));
  }

  /** fiso.provider-stats: stored under function/PROVIDER/region, from the record's fields. */
  public static void addStats(
      Topology topology,
      String store,
      String source,
      String updater,
      String topic,
      AvroDeserializer<ProviderStats> decoder,
      StateVersion version) {
    add(
        topology,
        store,
        source,
        updater,
        topic,
        ProviderStats.class,
        decoder,
        version,
        // a decision reads only its own function's statistics
        key -> StoreKeys.functionOfStats(new String(key.get(), StandardCharsets.UTF_8)),
        GlobalStoreUpdater.<ProviderStats>rules(
            (key, s) -> StoreKeys.stats(s.getFunction(), s.getProvider(), s.getRegion()),
            StoreKeys::normalizeStats,
            s -> null,
            (incoming, current) -> true));
  }

  /** fiso.budget-status: key = budget scope. */
  public static void addBudgets(
      Topology topology,
      String store,
      String source,
      String updater,
      String topic,
      AvroDeserializer<BudgetStatus> decoder,
      StateVersion version) {
    add(
        topology,
        store,
        source,
        updater,
        topic,
        BudgetStatus.class,
        decoder,
        version,
        key -> null,
        GlobalStoreUpdater.<BudgetStatus>rules(
            (key, status) -> key, key -> key, status -> null, (incoming, current) -> true));
  }

  private static <V extends SpecificRecord> void add(
      Topology topology,
      String store,
      String source,
      String updater,
      String topic,
      Class<V> type,
      AvroDeserializer<V> decoder,
      StateVersion version,
      Function<Bytes, String> functionOf,
      GlobalStoreUpdater.Rules<V> rules) {
    StoreBuilder<KeyValueStore<String, V>> builder =
        Stores.keyValueStoreBuilder(
                VersionedStore.supplier(Stores.inMemoryKeyValueStore(store), version, functionOf),
                Serdes.String(),
                new BinaryAvroSerde<>(type))
            .withLoggingDisabled();
    topology.addGlobalStore(
        builder,
        source,
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        topic,
        updater,
        () -> new GlobalStoreUpdater<>(store, decoder, rules));
  }
}
