package io.fiso.costs;

import static io.fiso.costs.CostIngestorNames.*;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.ProviderStats;
import io.fiso.costs.budget.BudgetCharge;
import io.fiso.costs.budget.BudgetMatcher;
import io.fiso.costs.budget.BudgetOutput;
import io.fiso.costs.budget.BudgetProcessor;
import io.fiso.costs.budget.BudgetSpend;
import io.fiso.costs.rollup.RollupAggregate;
import io.fiso.costs.rollup.RollupCell;
import io.fiso.costs.rollup.RollupSample;
import io.fiso.costs.stats.ProviderStatsProcessor;
import io.fiso.costs.stats.ProviderStatsState;
import io.fiso.costs.stats.StatsOutput;
import io.fiso.costs.stats.StatsSample;
import io.fiso.costs.validate.ValidateProcessor;
import io.fiso.costs.validate.Validated;
import io.fiso.pricing.PriceBook;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The cost-ingestor's Kafka Streams topology, built by a pure function of its configuration.
 *
 * <pre>
 * fiso.costs (raw bytes) ─▶ cost-validate ─┬─ rejected ─▶ fiso.deadletter
 *   (decode, validate against the           └─ valid (re-stamped with ChargePeriodStart)
 *    price book, drop duplicates)                 ├─▶ stats-sample ─▶ repartition by function/provider/region
 *                                                 │     ─▶ stats-aggregate ─▶ fiso.provider-stats, fiso.alerts
 *                                                 ├─▶ rollup-keys ─▶ repartition by rollup cell
 *                                                 │     ─▶ minute and hour windows (interactive queries)
 *                                                 └─▶ budget-match (policies global table) ─▶ repartition by scope
 *                                                       ─▶ budget-aggregate ─▶ fiso.budget-status, fiso.alerts
 * fiso.prices ─▶ global table prices-store      fiso.policies ─▶ global table policies-store
 * </pre>
 */
public final class CostIngestorTopology {

  private CostIngestorTopology() {}

  /** The topology with the bundled price catalog as the seed price book. */
  public static Topology build(CostIngestorConfig config, CostIngestorTopics topics) {
    return build(config, topics, PriceBook.bundled());
  }

  /**
   * The topology.
   *
   * @param seedPrices the sheets known before fiso.prices is read (fiso.prices sheets override
   *     them, newest version wins)
   */
  public static Topology build(
      CostIngestorConfig config, CostIngestorTopics topics, PriceBook seedPrices) {
    StreamsBuilder builder = new StreamsBuilder();

    builder.globalTable(
        topics.prices().name(),
        Consumed.with(topics.prices().keySerde(), topics.prices().valueSerde())
            .withName(PRICES_SOURCE),
        Materialized.<String, io.fiso.avro.PriceSheet, KeyValueStore<Bytes, byte[]>>as(PRICES_STORE)
            .withKeySerde(topics.prices().keySerde())
            .withValueSerde(topics.prices().valueSerde()));
    builder.globalTable(
        topics.policies().name(),
        Consumed.with(topics.policies().keySerde(), topics.policies().valueSerde())
            .withName(POLICIES_SOURCE),
        Materialized.<String, io.fiso.avro.RoutingPolicy, KeyValueStore<Bytes, byte[]>>as(
                POLICIES_STORE)
            .withKeySerde(topics.policies().keySerde())
            .withValueSerde(topics.policies().valueSerde()));

    Duration dedup = config.dedupWindow();
    if (!dedup.isZero()) {
      builder.addStateStore(
          Stores.windowStoreBuilder(
              Stores.persistentWindowStore(DEDUP_STORE, dedup.multipliedBy(2), dedup, false),
              Serdes.String(),
              Serdes.Long()));
    }

    KStream<byte[], byte[]> raw =
        builder.stream(
            topics.costs().name(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(COST_SOURCE));
    String[] validateStores = dedup.isZero() ? new String[0] : new String[] {DEDUP_STORE};
    Map<String, KStream<String, Validated>> branches =
        raw.process(
                () ->
                    new ValidateProcessor(
                        topics.costs().valueSerde().deserializer(),
                        seedPrices,
                        config.priceRefreshInterval(),
                        dedup),
                Named.as(VALIDATE),
                validateStores)
            .split(Named.as(SPLIT))
            .branch((k, v) -> v instanceof Validated.Rejected, Branched.as(REJECTED_BRANCH))
            .defaultBranch(Branched.as(VALID_BRANCH));

    branches
        .get(SPLIT + REJECTED_BRANCH)
        .mapValues(v -> ((Validated.Rejected) v).deadLetter(), Named.as(TO_DEAD_LETTER))
        .to(
            topics.deadLetter().name(),
            Produced.with(topics.deadLetter().keySerde(), topics.deadLetter().valueSerde())
                .withName(DEAD_LETTER_SINK));

    KStream<String, CostEvent> valid =
        branches
            .get(SPLIT + VALID_BRANCH)
            .mapValues(v -> ((Validated.Valid) v).event(), Named.as(VALID_EVENTS));

    buildStatistics(config, topics, builder, valid);
    buildRollups(config, valid);
    buildBudgets(config, topics, builder, valid);
    return builder.build();
  }

  private static void buildStatistics(
      CostIngestorConfig config,
      CostIngestorTopics topics,
      StreamsBuilder builder,
      KStream<String, CostEvent> valid) {
    builder.addStateStore(
        // Cached: a busy key is written to RocksDB and its changelog once per commit, not once
        // per cost event (interactive queries read through the cache).
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATS_STORE),
                Serdes.String(),
                ProviderStatsState.SERDE)
            .withCachingEnabled());
    Map<String, KStream<String, StatsOutput>> out =
        valid
            .map(
                (k, e) -> {
                  StatsSample s = StatsSample.of(e);
                  return KeyValue.pair(s.key(), s);
                },
                Named.as(STATS_SAMPLE))
            .repartition(
                Repartitioned.with(Serdes.String(), StatsSample.SERDE).withName(STATS_REPARTITION))
            .process(
                () -> new ProviderStatsProcessor(config.stats()),
                Named.as(STATS_PROCESSOR),
                STATS_STORE)
            .split(Named.as(STATS_SPLIT))
            .branch((k, v) -> v instanceof StatsOutput.Alert, Branched.as(ALERTS))
            .defaultBranch(Branched.as(STATS_RECORDS));
    out.get(STATS_SPLIT + STATS_RECORDS)
        .mapValues(v -> ((StatsOutput.Stats) v).stats(), Named.as(STATS_SPLIT + "values"))
        .to(
            topics.providerStats().name(),
            Produced.<String, ProviderStats>with(
                    topics.providerStats().keySerde(), topics.providerStats().valueSerde())
                .withName(STATS_SINK));
    out.get(STATS_SPLIT + ALERTS)
        .mapValues(v -> ((StatsOutput.Alert) v).alert(), Named.as(STATS_ALERTS))
        .to(
            topics.alerts().name(),
            Produced.<String, FinOpsAlert>with(
                    topics.alerts().keySerde(), topics.alerts().valueSerde())
                .withName(STATS_ALERT_SINK));
  }

  private static void buildRollups(CostIngestorConfig config, KStream<String, CostEvent> valid) {
    CostIngestorConfig.Rollups r = config.rollups();
    double accuracy = config.stats().sketchAccuracy();
    KGroupedStream<RollupCell, RollupSample> grouped =
        valid
            .map(
                (k, e) -> KeyValue.pair(RollupCell.of(e), RollupSample.of(e)),
                Named.as(ROLLUP_KEYS))
            .groupByKey(Grouped.with(ROLLUP_GROUP, RollupCell.SERDE, RollupSample.SERDE));
    grouped
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), r.minuteGrace()))
        .aggregate(
            () -> new RollupAggregate(accuracy),
            (key, sample, agg) -> agg.add(sample),
            Named.as(ROLLUP_MINUTE_AGGREGATE),
            Materialized.<RollupCell, RollupAggregate, WindowStore<Bytes, byte[]>>as(
                    ROLLUP_MINUTE_STORE)
                .withKeySerde(RollupCell.SERDE)
                .withValueSerde(RollupAggregate.SERDE)
                .withRetention(r.minuteRetention()));
    grouped
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), r.hourGrace()))
        .aggregate(
            () -> new RollupAggregate(accuracy),
            (key, sample, agg) -> agg.add(sample),
            Named.as(ROLLUP_HOUR_AGGREGATE),
            Materialized.<RollupCell, RollupAggregate, WindowStore<Bytes, byte[]>>as(
                    ROLLUP_HOUR_STORE)
                .withKeySerde(RollupCell.SERDE)
                .withValueSerde(RollupAggregate.SERDE)
                .withRetention(r.hourRetention()));
  }

  private static void buildBudgets(
      CostIngestorConfig config,
      CostIngestorTopics topics,
      StreamsBuilder builder,
      KStream<String, CostEvent> valid) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BUDGET_STORE), Serdes.String(), BudgetSpend.SERDE));
    Map<String, KStream<String, BudgetOutput>> out =
        valid
            .process(
                () -> new BudgetMatcher(config.budgets().definitionRefresh().toMillis()),
                Named.as(BUDGET_MATCH))
            .repartition(
                Repartitioned.<String, BudgetCharge>with(Serdes.String(), BudgetCharge.SERDE)
                    .withName(BUDGET_REPARTITION))
            .process(
                () -> new BudgetProcessor(config.budgets()),
                Named.as(BUDGET_PROCESSOR),
                BUDGET_STORE)
            .split(Named.as(BUDGET_SPLIT))
            .branch((k, v) -> v instanceof BudgetOutput.Alert, Branched.as(ALERTS))
            .defaultBranch(Branched.as(BUDGET_RECORDS));
    out.get(BUDGET_SPLIT + BUDGET_RECORDS)
        .mapValues(v -> ((BudgetOutput.Status) v).status(), Named.as(BUDGET_SPLIT + "values"))
        .to(
            topics.budgetStatus().name(),
            Produced.<String, BudgetStatus>with(
                    topics.budgetStatus().keySerde(), topics.budgetStatus().valueSerde())
                .withName(BUDGET_STATUS_SINK));
    out.get(BUDGET_SPLIT + ALERTS)
        .mapValues(v -> ((BudgetOutput.Alert) v).alert(), Named.as(BUDGET_ALERTS))
        .to(
            topics.alerts().name(),
            Produced.<String, FinOpsAlert>with(
                    topics.alerts().keySerde(), topics.alerts().valueSerde())
                .withName(BUDGET_ALERT_SINK));
  }
}
