package io.fiso.router.internal;

import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.PricingException;
import io.fiso.schemas.policy.PolicyProblem;
import io.fiso.schemas.policy.PolicyValidator;
import io.fiso.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
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
        VersionedStore.Invalidation.EVERY_DECISION,
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
        VersionedStore.Invalidation.EVERY_DECISION,
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
        RouterStores::statsChanged,
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
        RouterStores::budgetChanged,
        GlobalStoreUpdater.<BudgetStatus>rules(
            (key, status) -> key, key -> key, status -> null, (incoming, current) -> true));
  }

  /**
   * A statistics key moves its function's version: a decision reads only its own function's
   * statistics. A key without three parts moves every decision.
   */
  private static void statsChanged(StateVersion version, Bytes key, byte[] value) {
    String function = StoreKeys.functionOfStats(new String(key.get(), StandardCharsets.UTF_8));
    if (function == null) {
      version.changed();
    } else {
      version.functionChanged(function);
    }
  }

  private static final SpecificDatumReader<BudgetStatus> BUDGET_READER =
      new SpecificDatumReader<>(BudgetStatus.class);

  /**
   * Only routed decisions are remembered, and a budget status can change a routed decision only by
   * blocking it (the router reads statuses in BLOCK state and nothing else of them): a status that
   * does not block moves nothing, so the cost-ingestor's regular spend updates keep the cache. A
   * blocking status, a delete, or bytes that cannot be read move every decision.
   */
  private static void budgetChanged(StateVersion version, Bytes key, byte[] value) {
    if (value != null) {
      try {
        BudgetStatus status =
            BUDGET_READER.read(null, DecoderFactory.get().binaryDecoder(value, null));
        if (status.getState() != BudgetState.BLOCK) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // unreadable here: treated as a change to everything
      }
    }
    version.changed();
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
      VersionedStore.Invalidation invalidation,
      GlobalStoreUpdater.Rules<V> rules) {
    StoreBuilder<KeyValueStore<String, V>> builder =
        Stores.keyValueStoreBuilder(
                VersionedStore.supplier(Stores.inMemoryKeyValueStore(store), version, invalidation),
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
