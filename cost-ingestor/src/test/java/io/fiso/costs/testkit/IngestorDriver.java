package io.fiso.costs.testkit;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.costs.CostIngestorTopics;
import io.fiso.costs.CostIngestorTopology;
import io.fiso.costs.rollup.CostRollupQueries;
import io.fiso.costs.rollup.RollupAggregate;
import io.fiso.pricing.PriceBook;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the cost-ingestor topology with its inputs and outputs. */
public final class IngestorDriver implements AutoCloseable {

  /** Region sheets of the bundled catalog without the '*' wildcard: other regions are unknown. */
  public static final PriceBook EXPLICIT_REGIONS =
      PriceBook.of(
          PriceBook.bundled().sheets().stream().filter(s -> !"*".equals(s.getRegion())).toList());

  public final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  public final CostIngestorTopics topics =
      CostIngestorTopics.bind(TopicCatalog.DEFAULT, registry, true);
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, CostEvent> costs;
  public final TestInputTopic<String, byte[]> rawCosts;
  public final TestInputTopic<String, RoutingPolicy> policies;
  public final TestInputTopic<String, PriceSheet> prices;
  public final TestOutputTopic<String, ProviderStats> stats;
  public final TestOutputTopic<String, BudgetStatus> budgets;
  public final TestOutputTopic<String, FinOpsAlert> alerts;
  public final TestOutputTopic<String, DeadLetter> deadLetters;
  private final Path stateDir;

  public IngestorDriver(CostIngestorConfig config, Instant wallClock) {
    this(config, wallClock, EXPLICIT_REGIONS);
  }

  public IngestorDriver(CostIngestorConfig config, Instant wallClock, PriceBook seed) {
    try {
      stateDir = Files.createTempDirectory("cost-ingestor-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Topology topology = CostIngestorTopology.build(config, topics, seed);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver = new TopologyTestDriver(topology, props, wallClock);
    StringSerializer keys = new StringSerializer();
    costs =
        driver.createInputTopic(
            topics.costs().name(), keys, topics.costs().valueSerde().serializer());
    rawCosts = driver.createInputTopic(topics.costs().name(), keys, new ByteArraySerializer());
    policies =
        driver.createInputTopic(
            topics.policies().name(), keys, topics.policies().valueSerde().serializer());
    prices =
        driver.createInputTopic(
            topics.prices().name(), keys, topics.prices().valueSerde().serializer());
    StringDeserializer keyDe = new StringDeserializer();
    stats =
        driver.createOutputTopic(
            topics.providerStats().name(),
            keyDe,
            topics.providerStats().valueSerde().deserializer());
    budgets =
        driver.createOutputTopic(
            topics.budgetStatus().name(), keyDe, topics.budgetStatus().valueSerde().deserializer());
    alerts =
        driver.createOutputTopic(
            topics.alerts().name(), keyDe, topics.alerts().valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            topics.deadLetter().name(), keyDe, topics.deadLetter().valueSerde().deserializer());
  }

  /** Defaults for tests: every record emitted, policies read for every event. */
  public static CostIngestorConfig everyEventConfig() {
    CostIngestorConfig d = CostIngestorConfig.defaults("unused:9092");
    return d.withStats(d.stats().withEmitInterval(Duration.ZERO))
        .withBudgets(
            new CostIngestorConfig.Budgets(Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO));
  }

  public void send(CostEvent event) {
    costs.pipeInput(
        new TestRecord<>(event.getInvocationId(), event, event.getChargePeriodEnd().plusMillis(5)));
  }

  public void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  public CostRollupQueries rollups() {
    return new CostRollupQueries(
        g ->
            driver.<io.fiso.costs.rollup.RollupCell, RollupAggregate>getWindowStore(g.storeName()));
  }

  public static <V> List<V> values(TestOutputTopic<String, V> topic) {
    return topic.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
