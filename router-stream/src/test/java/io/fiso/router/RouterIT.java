package io.fiso.router;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static io.fiso.router.Fixtures.prioritized;
import static io.fiso.router.Fixtures.request;
import static io.fiso.router.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.InvocationResult;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.router.strategy.WeightedStrategy;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router on the real embedded broker and schema registry, exactly-once: invocations of three
 * functions with different policies reach the right routed topics once each, invocations without a
 * policy are rejected, and a policy change takes effect without a restart.
 */
@FisoKafka
class RouterIT {

  private static final int INVOCATIONS = 10_000;
  private static final int WITHOUT_POLICY = 50;
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void routesEveryInvocationOnceToThePolicysProviderAndFollowsPolicyChanges(
      KafkaTestEnv kafka, @TempDir Path stateDir) throws Exception {
    TopicCatalog topics = kafka.topics();
    SchemaRegistryClient registry = registry(kafka);
    RouterConfig config =
        RouterConfig.defaults(registry)
            .withTopics(topics)
            .withApplicationId(kafka.name("router"))
            .withStateDir(Files.createDirectories(stateDir.resolve("state")))
            .withKafka(kafka.clientProperties());

    try (KafkaProducer<String, Object> producer = producer(kafka, registry);
        RouterApp router = new RouterApp(config).start()) {
      // Three functions, three policies.
      send(
          producer,
          topics.policies(),
          "checkout",
          policy("checkout", RoutingStrategy.PINNED, aws("us-east-1")));
      send(
          producer,
          topics.policies(),
          "resize",
          policy(
              "resize",
              RoutingStrategy.WEIGHTED,
              weighted(azure("eastus"), 1),
              weighted(gcp("us-central1"), 1)));
      send(
          producer,
          topics.policies(),
          "thumbs",
          policy(
              "thumbs",
              RoutingStrategy.FAILOVER,
              prioritized(gcp("us-central1"), 0),
              prioritized(aws("us-east-1"), 1)));
      producer.flush();
      assertThat(router.awaitRunning(Duration.ofSeconds(60))).as("router running").isTrue();

      Map<String, Provider> expected = new HashMap<>();
      String[] functions = {"checkout", "resize", "thumbs"};
      for (int i = 0; i < INVOCATIONS; i++) {
        String function = functions[i % 3];
        String id = function + "-" + i;
        expected.put(id, expectedProvider(function, id));
        send(producer, topics.invocations(), id, request(id, function));
      }
      for (int i = 0; i < WITHOUT_POLICY; i++) {
        String id = "unknown-" + i;
        send(producer, topics.invocations(), id, request(id, "no-such-function"));
      }
      producer.flush();

      Map<String, List<Provider>> routed = new HashMap<>();
      readRouted(
          kafka,
          registry,
          topics,
          routed,
          () -> routed.values().stream().mapToInt(List::size).sum() >= INVOCATIONS);
      List<InvocationResult> rejected = readResults(kafka, registry, topics, WITHOUT_POLICY);

      assertThat(routed).hasSize(INVOCATIONS);
      List<String> wrongOrTwice = new ArrayList<>();
      expected.forEach(
          (id, provider) -> {
            if (!List.of(provider).equals(routed.get(id))) {
              wrongOrTwice.add(id + " expected " + provider + " got " + routed.get(id));
            }
          });
      assertThat(wrongOrTwice).as("invocations on the wrong topic or routed twice").isEmpty();
      assertThat(rejected)
          .hasSize(WITHOUT_POLICY)
          .allSatisfy(
              r -> {
                assertThat(r.getError().getType()).isEqualTo("NoPolicy");
                assertThat(r.getStatusCode()).isEqualTo(404);
              });

      // Change checkout's policy while the router runs: it moves to GCP without a restart.
      RoutingPolicy v2 = policy("checkout", RoutingStrategy.PINNED, gcp("us-central1"));
      v2.setVersion(2);
      send(producer, topics.policies(), "checkout", v2);
      producer.flush();
      RoutedInvocation onGcp = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (int probe = 0; onGcp == null && System.nanoTime() < deadline; probe++) {
        String id = "probe-" + probe;
        send(producer, topics.invocations(), id, request(id, "checkout"));
        producer.flush();
        onGcp =
            awaitRouted(kafka, registry, topics.routed(Provider.GCP), id, Duration.ofSeconds(2));
      }
      assertThat(onGcp).as("an invocation of checkout routed to GCP after the change").isNotNull();
      assertThat(onGcp.getDecision().getPolicyVersion()).isEqualTo(2);
      assertThat(router.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
    // A stopped router leaves its group: a router started in its place (a restart, a redeploy)
    // gets the partitions at once, not after the old member's 45 s session timeout.
    assertThat(kafka.groupMembers(config.applicationId()))
        .as("members of %s after close", config.applicationId())
        .isEmpty();
  }

  /**
   * A router given a stable {@code group.instance.id} (FISO_KAFKA_GROUP_INSTANCE_ID, as fiso dev
   * sets it) that crashes, i.e. stops without leaving its group, is replaced at once by the next
   * router started with the same id: the broker hands it the dead member's partitions instead of
   * waiting for that member's session to expire. (Without the id this test fails: nothing is routed
   * within the wait.)
   */
  @Test
  void aRouterWithAStaticInstanceIdTakesItsPartitionsBackAtOnceAfterACrash(
      KafkaTestEnv kafka, @TempDir Path stateDir) throws Exception {
    TopicCatalog topics = kafka.topics();
    SchemaRegistryClient registry = registry(kafka);
    // The crashed member would hold its partitions for 180 s: the new router can route within the
    // wait below only by taking its place.
    RouterConfig config =
        staticMember(kafka, registry, "router-static", Map.of("session.timeout.ms", "180000"))
            .withStateDir(Files.createDirectories(stateDir.resolve("state")));

    try (KafkaProducer<String, Object> producer = producer(kafka, registry)) {
      pinCheckoutToAws(producer, topics);
      RouterApp crashed = new RouterApp(config).start();
      try {
        assertThat(crashed.awaitRunning(Duration.ofSeconds(60))).as("router running").isTrue();
        send(producer, topics.invocations(), "before", request("before", "checkout"));
        producer.flush();
        assertThat(awaitRouted(kafka, registry, topics.routed(Provider.AWS), "before", WAIT))
            .as("routed before the crash")
            .isNotNull();

        // What a killed process does: stop without leaving the group.
        boolean stopped =
            crashed
                .streams()
                .close(
                    CloseOptions.timeout(Duration.ofSeconds(30))
                        .withGroupMembershipOperation(
                            CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
        assertThat(stopped).as("the first router stopped").isTrue();
      } finally {
        crashed.close(); // nothing more once stopped; stops its threads if an assertion failed
      }
      assertThat(kafka.groupMembers(config.applicationId()))
          .as("the crashed router is still a member of %s", config.applicationId())
          .isNotEmpty();

      try (RouterApp replacement = new RouterApp(config).start()) {
        send(producer, topics.invocations(), "after", request("after", "checkout"));
        producer.flush();
        assertThat(awaitRouted(kafka, registry, topics.routed(Provider.AWS), "after", WAIT))
            .as("routed by the replacement within %s (the crashed member's session: 180 s)", WAIT)
            .isNotNull();
      }
    }
  }

  /**
   * Two routers started with one {@code group.instance.id}: Kafka fences the first, which stops
   * with the fencing as its cause instead of replacing its stream thread (which would take the id
   * back and fence the second, over and over); the second keeps routing, never fenced.
   */
  @Test
  void aRouterFencedByAnotherWithItsInstanceIdStopsAndTheOtherKeepsRouting(
      KafkaTestEnv kafka, @TempDir Path stateDir) throws Exception {
    TopicCatalog topics = kafka.topics();
    SchemaRegistryClient registry = registry(kafka);
    RouterConfig config = staticMember(kafka, registry, "router-twins", Map.of());

    try (KafkaProducer<String, Object> producer = producer(kafka, registry);
        RouterApp first =
            new RouterApp(config.withStateDir(Files.createDirectories(stateDir.resolve("a"))))
                .start()) {
      pinCheckoutToAws(producer, topics);
      assertThat(first.awaitRunning(Duration.ofSeconds(60))).as("first router running").isTrue();

      try (RouterApp second =
          new RouterApp(config.withStateDir(Files.createDirectories(stateDir.resolve("b"))))
              .start()) {
        Throwable stoppedWith = null;
        try {
          first.stopped().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          stoppedWith = e.getCause();
        }
        assertThat(stoppedWith).as("the first router stopped with an error").isNotNull();
        assertThat(io.fiso.schemas.config.StaticMembership.fenced(stoppedWith))
            .as("its cause: %s", stoppedWith)
            .isTrue();
        assertThat(first.threadReplacements()).as("stream threads the first replaced").isZero();

        assertThat(second.awaitRunning(Duration.ofSeconds(60))).as("second running").isTrue();
        send(producer, topics.invocations(), "twin", request("twin", "checkout"));
        producer.flush();
        assertThat(awaitRouted(kafka, registry, topics.routed(Provider.AWS), "twin", WAIT))
            .as("routed by the second router")
            .isNotNull();
        assertThat(second.threadReplacements()).as("stream threads the second replaced").isZero();
        assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    }
  }

  /**
   * A router of application {@code name} (under the test's prefix) with a static instance id
   * ({@code <name>-1}) and {@code extra} Kafka settings.
   */
  private static RouterConfig staticMember(
      KafkaTestEnv kafka, SchemaRegistryClient registry, String name, Map<String, Object> extra) {
    Map<String, Object> settings = new HashMap<>(kafka.clientProperties());
    settings.put("group.instance.id", kafka.name(name + "-1"));
    settings.putAll(extra);
    return RouterConfig.defaults(registry)
        .withTopics(kafka.topics())
        .withApplicationId(kafka.name(name))
        .withKafka(settings);
  }

  /** Function checkout's policy: PINNED to AWS us-east-1. */
  private static void pinCheckoutToAws(
      KafkaProducer<String, Object> producer, TopicCatalog topics) {
    send(
        producer,
        topics.policies(),
        "checkout",
        policy("checkout", RoutingStrategy.PINNED, aws("us-east-1")));
    producer.flush();
  }

  /** The shared embedded schema registry, over HTTP as in production. */
  private static SchemaRegistryClient registry(KafkaTestEnv kafka) {
    return SchemaRegistryClients.fromConfig(
        Map.of("schema.registry.url", kafka.schemaRegistryUrl()));
  }

  private static Provider expectedProvider(String function, String id) {
    return switch (function) {
      case "checkout" -> Provider.AWS;
      case "resize" -> WeightedStrategy.slot(id, 2) == 0 ? Provider.AZURE : Provider.GCP;
      default -> Provider.GCP;
    };
  }

  private static KafkaProducer<String, Object> producer(
      KafkaTestEnv kafka, SchemaRegistryClient registry) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    @SuppressWarnings({"unchecked", "rawtypes"})
    KafkaProducer<String, Object> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            (AvroSerializer) new AvroSerializer<>(registry, false, true));
    return producer;
  }

  private static void send(
      KafkaProducer<String, Object> producer, TopicSpec<?> topic, String key, Object value) {
    producer.send(new ProducerRecord<>(topic.name(), key, value));
  }

  private static <V extends org.apache.avro.specific.SpecificRecord>
      KafkaConsumer<String, V> consumer(
          KafkaTestEnv kafka, SchemaRegistryClient registry, Class<V> type) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    return new KafkaConsumer<>(
        props, new StringDeserializer(), new AvroDeserializer<>(registry, type));
  }

  private static void readRouted(
      KafkaTestEnv kafka,
      SchemaRegistryClient registry,
      TopicCatalog topics,
      Map<String, List<Provider>> routed,
      BooleanSupplier done) {
    try (KafkaConsumer<String, RoutedInvocation> consumer =
        consumer(kafka, registry, RoutedInvocation.class)) {
      List<TopicPartition> partitions = new ArrayList<>();
      Map<String, Provider> providerOf = new HashMap<>();
      for (Provider p : Provider.values()) {
        TopicSpec<?> spec = topics.routed(p);
        providerOf.put(spec.name(), p);
        for (int i = 0; i < spec.partitions(); i++) {
          partitions.add(new TopicPartition(spec.name(), i));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.getAsBoolean() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, RoutedInvocation> r : consumer.poll(Duration.ofMillis(200))) {
          assertThat(r.key()).isEqualTo(r.value().getRequest().getInvocationId());
          routed.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(providerOf.get(r.topic()));
        }
      }
      // Anything routed twice would arrive by now too: read what is left for a moment.
      for (ConsumerRecord<String, RoutedInvocation> r : consumer.poll(Duration.ofMillis(500))) {
        routed.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(providerOf.get(r.topic()));
      }
    }
  }

  private static List<InvocationResult> readResults(
      KafkaTestEnv kafka, SchemaRegistryClient registry, TopicCatalog topics, int expected) {
    try (KafkaConsumer<String, InvocationResult> consumer =
        consumer(kafka, registry, InvocationResult.class)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 0; i < topics.results().partitions(); i++) {
        partitions.add(new TopicPartition(topics.results().name(), i));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<InvocationResult> results = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (results.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> results.add(r.value()));
      }
      return results;
    }
  }

  private static RoutedInvocation awaitRouted(
      KafkaTestEnv kafka,
      SchemaRegistryClient registry,
      TopicSpec<?> topic,
      String id,
      Duration timeout) {
    try (KafkaConsumer<String, RoutedInvocation> consumer =
        consumer(kafka, registry, RoutedInvocation.class)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int i = 0; i < topic.partitions(); i++) {
        partitions.add(new TopicPartition(topic.name(), i));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, RoutedInvocation> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.key().equals(id)) {
            return r.value();
          }
        }
      }
      return null;
    }
  }
}
