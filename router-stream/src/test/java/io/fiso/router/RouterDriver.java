package io.fiso.router;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingPolicy;
import io.fiso.router.internal.DecisionCache;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The router topology in a TopologyTestDriver, with typed inputs and outputs. */
final class RouterDriver implements AutoCloseable {

  final InMemorySchemaRegistry registry;
  final RouterConfig config;
  final DecisionCache decisions;
  final TopologyTestDriver driver;
  final TestInputTopic<String, InvocationRequest> invocations;
  final TestInputTopic<String, byte[]> rawInvocations;
  final TestInputTopic<String, RoutingPolicy> policies;
  final TestInputTopic<String, PriceSheet> prices;
  final TestInputTopic<String, ProviderStats> stats;
  final TestInputTopic<String, BudgetStatus> budgets;
  final Map<Provider, TestOutputTopic<String, RoutedInvocation>> routed =
      new EnumMap<>(Provider.class);
  final TestOutputTopic<String, InvocationResult> results;
  final TestOutputTopic<String, DeadLetter> deadLetters;

  static RouterDriver start() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    return new RouterDriver(registry, RouterConfig.defaults(registry).withBundledPrices(false));
  }

  RouterDriver(InMemorySchemaRegistry registry, RouterConfig config) {
    this(registry, config, new DecisionCache());
  }

  RouterDriver(InMemorySchemaRegistry registry, RouterConfig config, DecisionCache decisions) {
    this.registry = registry;
    this.config = config;
    this.decisions = decisions;
    Properties props = RouterApp.streamsProperties(config);
    props.put("bootstrap.servers", "unused:9092");
    this.driver =
        new TopologyTestDriver(RouterTopology.build(config, decisions), props, Fixtures.NOW);
    TopicCatalog t = config.topics();
    StringSerializer keys = new StringSerializer();
    invocations = driver.createInputTopic(t.invocations().name(), keys, serializer());
    rawInvocations =
        driver.createInputTopic(t.invocations().name(), keys, new ByteArraySerializer());
    policies = driver.createInputTopic(t.policies().name(), keys, serializer());
    prices = driver.createInputTopic(t.prices().name(), keys, serializer());
    stats = driver.createInputTopic(t.providerStats().name(), keys, serializer());
    budgets = driver.createInputTopic(t.budgetStatus().name(), keys, serializer());
    StringDeserializer keyReader = new StringDeserializer();
    for (Provider p : Provider.values()) {
      routed.put(
          p,
          driver.createOutputTopic(
              t.routed(p).name(),
              keyReader,
              new AvroDeserializer<>(registry, RoutedInvocation.class)));
    }
    results =
        driver.createOutputTopic(
            t.results().name(),
            keyReader,
            new AvroDeserializer<>(registry, InvocationResult.class));
    deadLetters =
        driver.createOutputTopic(
            t.deadLetter().name(), keyReader, new AvroDeserializer<>(registry, DeadLetter.class));
  }

  private <T extends org.apache.avro.specific.SpecificRecord> AvroSerializer<T> serializer() {
    return new AvroSerializer<>(registry, false, true);
  }

  void policy(RoutingPolicy policy) {
    policies.pipeInput(policy.getFunction(), policy);
  }

  void deletePolicy(String function) {
    policies.pipeInput(function, null);
  }

  void invoke(InvocationRequest request) {
    invocations.pipeInput(request.getInvocationId(), request);
  }

  /** The one record the last invocation produced on a routed topic. */
  RoutedInvocation routedTo(Provider provider) {
    TestRecord<String, RoutedInvocation> record = routed.get(provider).readRecord();
    return record.value();
  }

  /** Routed records of every provider, and rejections, still unread. */
  int pending() {
    int n = 0;
    for (var topic : routed.values()) {
      n += (int) topic.getQueueSize();
    }
    return n + (int) results.getQueueSize() + (int) deadLetters.getQueueSize();
  }

  InvocationResult rejection() {
    return results.readValue();
  }

  @Override
  public void close() {
    driver.close();
  }
}
