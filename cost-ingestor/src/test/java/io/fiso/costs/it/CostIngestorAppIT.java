package io.fiso.costs.it;

import static io.fiso.costs.testkit.CostEvents.costing;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.costs.CostIngestorApp;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.costs.rollup.CostRollupQueries;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost-ingestor application, exactly-once, on the embedded broker. */
@FisoKafka
class CostIngestorAppIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void countsCostsIntoStatisticsBudgetsAndQueryableRollups(KafkaTestEnv kafka, @TempDir Path state)
      throws Exception {
    TopicCatalog topics = kafka.topics();
    SchemaRegistryClient registry =
        SchemaRegistryClients.fromConfig(
            Map.of(HttpSchemaRegistryClient.URL_CONFIG, kafka.schemaRegistryUrl()));
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));

    RoutingPolicy policy =
        RoutingPolicy.newBuilder()
            .setFunction("checkout")
            .setName("checkout")
            .setStrategy(RoutingStrategy.PINNED)
            .setTargets(List.of(target(Provider.AWS, "us-east-1", 128)))
            .setBudget(
                Budget.newBuilder()
                    .setAmount(new BigDecimal("1").setScale(24))
                    .setPeriod(BudgetPeriod.MONTH)
                    .setAction(BudgetAction.BLOCK)
                    .build())
            .setUpdatedAt(start)
            .build();
    send(kafka, registry, topics.policies().name(), "checkout", policy, start);

    CostIngestorConfig base = CostIngestorConfig.defaults(kafka.bootstrapServers());
    CostIngestorConfig config =
        base.withApplicationId(kafka.name("cost-ingestor"))
            .withTopics(topics)
            .withStats(base.stats().withEmitInterval(Duration.ZERO))
            .withBudgets(
                new CostIngestorConfig.Budgets(
                    Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO))
            .withStateDir(state)
            .withKafka(Map.of("commit.interval.ms", 200));
    try (CostIngestorApp app = CostIngestorApp.start(config, registry, true)) {
      List<CostEvent> events = new ArrayList<>();
      BigDecimal spend = BigDecimal.ZERO;
      for (int i = 0; i < 30; i++) {
        CostEvent e =
            costing(
                    priced(
                        "checkout",
                        target(Provider.AWS, "us-east-1", 128),
                        start.plusSeconds(i),
                        100),
                    "0.05")
                .build();
        events.add(e);
        spend = spend.add(e.getBilledCost());
      }
      for (CostEvent e : events) {
        send(
            kafka, registry, topics.costs().name(), e.getInvocationId(), e, e.getChargePeriodEnd());
      }
      try (KafkaProducer<String, byte[]> raw =
          new KafkaProducer<>(
              kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
        raw.send(
                new ProducerRecord<>(
                    topics.costs().name(), "bad", "oops".getBytes(StandardCharsets.UTF_8)))
            .get();
      }

      ProviderStats stats =
          awaitLast(
              kafka,
              registry,
              topics.providerStats().name(),
              ProviderStats.class,
              s -> s.getInvocations() == 30);
      assertThat(stats.getMeanCost()).isEqualByComparingTo("0.05");
      BudgetStatus budget =
          awaitLast(
              kafka,
              registry,
              topics.budgetStatus().name(),
              BudgetStatus.class,
              b -> b.getSpend().compareTo(new BigDecimal("1.5")) == 0);
      assertThat(budget.getState()).isEqualTo(BudgetState.BLOCK);
      assertThat(budget.getScope()).isEqualTo("function:checkout");
      DeadLetter letter =
          awaitLast(kafka, registry, topics.deadLetter().name(), DeadLetter.class, d -> true);
      assertThat(letter.getErrorType()).startsWith("UNDECODABLE");

      CostRollupQueries.GroupTotal total = awaitRollup(app, start);
      assertThat(total.count()).isEqualTo(30);
      assertThat(total.cost()).isEqualByComparingTo(spend);
    }
  }

  /**
   * The provider statistics live in a cached store and, between events, decoded in the processor:
   * what a restart finds (here on an empty state directory, so restored from the changelog) must be
   * every event counted before it.
   */
  @Test
  void statisticsCarryOnAcrossARestartRestoredFromTheChangelog(
      KafkaTestEnv kafka, @TempDir Path first, @TempDir Path second) throws Exception {
    TopicCatalog topics = kafka.topics();
    SchemaRegistryClient registry =
        SchemaRegistryClients.fromConfig(
            Map.of(HttpSchemaRegistryClient.URL_CONFIG, kafka.schemaRegistryUrl()));
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
    CostIngestorConfig base = CostIngestorConfig.defaults(kafka.bootstrapServers());
    CostIngestorConfig config =
        base.withApplicationId(kafka.name("cost-ingestor-restart"))
            .withTopics(topics)
            .withStats(base.stats().withEmitInterval(Duration.ofHours(1)))
            .withKafka(Map.of("commit.interval.ms", 200));
    int seq = 0;
    try (CostIngestorApp app = CostIngestorApp.start(config.withStateDir(first), registry, true)) {
      for (; seq < 10; seq++) {
        sendEvent(kafka, registry, topics, start.plusSeconds(seq));
      }
      // the first event of a key is written at once; the other nine wait for the emit interval
      awaitLast(
          kafka,
          registry,
          topics.providerStats().name(),
          ProviderStats.class,
          s -> s.getInvocations() == 1);
      awaitCommitted(kafka, config.applicationId(), topics.costs().name(), 10);
    }
    // A stopped cost-ingestor leaves its group, so the next one gets the partitions at once
    // instead of after the old member's session timeout (45 s).
    assertThat(kafka.groupMembers(config.applicationId())).isEmpty();
    try (CostIngestorApp app = CostIngestorApp.start(config.withStateDir(second), registry, true)) {
      for (; seq < 15; seq++) {
        sendEvent(kafka, registry, topics, start.plus(Duration.ofHours(2)).plusSeconds(seq));
      }
      // two hours of event time later the emit interval has passed: written at once, counting
      // the ten events before the restart
      ProviderStats after =
          awaitLast(
              kafka,
              registry,
              topics.providerStats().name(),
              ProviderStats.class,
              s -> s.getInvocations() > 1);
      assertThat(after.getInvocations())
          .as("the ten events before the restart and one after")
          .isEqualTo(11);
      assertThat(after.getMeanCost()).isEqualByComparingTo("0.05");
    }
  }

  /**
   * Two cost-ingestors started with one {@code group.instance.id}: Kafka fences the first, which
   * stops instead of replacing its stream thread (which would take the id back and fence the
   * second, over and over); the second keeps running, never fenced.
   */
  @Test
  void anInstanceFencedByAnotherWithItsInstanceIdStopsAndTheOtherRuns(
      KafkaTestEnv kafka, @TempDir Path first, @TempDir Path second) throws Exception {
    SchemaRegistryClient registry =
        SchemaRegistryClients.fromConfig(
            Map.of(HttpSchemaRegistryClient.URL_CONFIG, kafka.schemaRegistryUrl()));
    CostIngestorConfig config =
        CostIngestorConfig.defaults(kafka.bootstrapServers())
            .withApplicationId(kafka.name("cost-ingestor-twins"))
            .withTopics(kafka.topics())
            .withKafka(Map.of("group.instance.id", kafka.name("cost-ingestor-twin")));
    try (CostIngestorApp fenced =
        CostIngestorApp.start(config.withStateDir(first), registry, true)) {
      awaitRunning(fenced);
      try (CostIngestorApp other =
          CostIngestorApp.start(config.withStateDir(second), registry, true)) {
        assertThat(fenced.awaitStop(Duration.ofSeconds(60))).as("the fenced one stopped").isTrue();
        assertThat(fenced.streams().state()).isEqualTo(KafkaStreams.State.ERROR);
        assertThat(fenced.threadReplacements()).as("threads the fenced one replaced").isZero();
        awaitRunning(other);
        assertThat(other.awaitStop(Duration.ofSeconds(3))).as("the other stopped").isFalse();
        assertThat(other.threadReplacements()).as("threads the other replaced").isZero();
      }
    }
  }

  private static void awaitRunning(CostIngestorApp app) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (app.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  private static void sendEvent(
      KafkaTestEnv kafka, SchemaRegistryClient registry, TopicCatalog topics, Instant at)
      throws Exception {
    CostEvent e =
        costing(priced("restarts", target(Provider.AWS, "us-east-1", 128), at, 100), "0.05")
            .build();
    send(kafka, registry, topics.costs().name(), e.getInvocationId(), e, e.getChargePeriodEnd());
  }

  /** Waits until the application committed {@code count} records of {@code topic}. */
  private static void awaitCommitted(KafkaTestEnv kafka, String groupId, String topic, long count)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long committed =
          kafka
              .admin()
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get()
              .entrySet()
              .stream()
              .filter(en -> en.getKey().topic().equals(topic) && en.getValue() != null)
              .mapToLong(en -> en.getValue().offset())
              .sum();
      if (committed >= count) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(committed + " of " + count + " committed within " + WAIT);
      }
      Thread.sleep(100);
    }
  }

  private static CostRollupQueries.GroupTotal awaitRollup(CostIngestorApp app, Instant start)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        if (app.streams().state() == KafkaStreams.State.RUNNING) {
          List<CostRollupQueries.GroupTotal> totals =
              app.rollups()
                  .totals(
                      start.minus(Duration.ofHours(1)),
                      start.plus(Duration.ofHours(1)),
                      "function");
          if (!totals.isEmpty() && totals.get(0).count() == 30) {
            return totals.get(0);
          }
        }
      } catch (InvalidStateStoreException e) {
        // rebalancing: ask again
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("rollups did not count the 30 events in " + WAIT);
      }
      Thread.sleep(200);
    }
  }

  private static <V extends SpecificRecord> void send(
      KafkaTestEnv kafka,
      SchemaRegistryClient registry,
      String topic,
      String key,
      V value,
      Instant at)
      throws Exception {
    try (KafkaProducer<String, V> p =
        new KafkaProducer<>(
            kafka.clientProperties(),
            new StringSerializer(),
            new AvroSerializer<>(registry, false, true))) {
      p.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value)).get();
    }
  }

  private static <V extends SpecificRecord> V awaitLast(
      KafkaTestEnv kafka,
      SchemaRegistryClient registry,
      String topic,
      Class<V> type,
      java.util.function.Predicate<V> done) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.name("reader-" + topic));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), new AvroDeserializer<>(registry, type))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null && done.test(r.value())) {
            return r.value();
          }
        }
      }
    }
    throw new AssertionError("no matching record on " + topic + " within " + WAIT);
  }
}
