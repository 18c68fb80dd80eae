package io.fiso.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutingPolicy;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.router.cost.CostModel;
import io.fiso.router.cost.PricingCostModel;
import io.fiso.router.decision.Outcome;
import io.fiso.router.decision.Router;
import io.fiso.router.decision.RoutingState;
import io.fiso.router.internal.DecisionCache;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.serde.WireFormatException;
import io.fiso.schemas.topic.TopicCatalog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The router topology next to the full path it replaces: every record piped in is also decoded,
 * routed by {@link Router} over a copy of the stores' contents and encoded by the registry's {@link
 * AvroSerializer}, and the topology's output must be those very bytes.
 */
final class FullPathHarness implements AutoCloseable {

  /** The stores' contents, kept by the test as it writes them. */
  static final class MirrorState implements RoutingState {
    final Map<String, RoutingPolicy> policies = new HashMap<>();
    final Map<String, ProviderStats> stats = new HashMap<>();
    final Map<String, BudgetStatus> budgets = new HashMap<>();
    final Map<String, PriceSheet> prices = new HashMap<>();
    private final CostModel costs;

    MirrorState(PriceBook fallback) {
      this.costs = new PricingCostModel(key -> Optional.ofNullable(prices.get(key)), fallback);
    }

    @Override
    public Optional<RoutingPolicy> policy(String function) {
      return Optional.ofNullable(policies.get(function));
    }

    @Override
    public Optional<ProviderStats> stats(String function, Provider provider, String region) {
      return Optional.ofNullable(stats.get(function + "/" + provider + "/" + region));
    }

    @Override
    public Optional<BudgetStatus> budget(String scope) {
      return Optional.ofNullable(budgets.get(scope));
    }

    @Override
    public CostModel costModel() {
      return costs;
    }
  }

  final RouterDriver driver;
  final DecisionCache decisions = new DecisionCache();
  final MirrorState mirror;
  private final Router router;
  private final InMemorySchemaRegistry registry;
  private final TopicCatalog topics;
  private final AvroDeserializer<InvocationRequest> decoder;
  private final AvroSerializer<SpecificRecord> encoder;
  private final AvroSerializer<InvocationRequest> requests;
  private final Map<Provider, TestOutputTopic<String, byte[]>> routed =
      new EnumMap<>(Provider.class);
  private final TestOutputTopic<String, byte[]> results;
  private final TestOutputTopic<String, DeadLetter> deadLetters;
  private long offsets;

  FullPathHarness() {
    this.registry = new InMemorySchemaRegistry();
    RouterConfig config = RouterConfig.defaults(registry).withBundledPrices(false);
    this.driver = new RouterDriver(registry, config, decisions);
    this.mirror = new MirrorState(PriceBook.empty());
    this.router =
        new Router(
            new Router.Settings(
                config.maxPayloadBytes(), config.defaultExpectedDuration().toNanos() / 1e6));
    this.topics = config.topics();
    this.decoder = new AvroDeserializer<>(registry, InvocationRequest.class);
    this.encoder = new AvroSerializer<>(registry, false, true);
    this.requests = new AvroSerializer<>(registry, false, true);
    StringDeserializer keys = new StringDeserializer();
    for (Provider p : Provider.values()) {
      routed.put(
          p,
          driver.driver.createOutputTopic(
              topics.routed(p).name(), keys, new ByteArrayDeserializer()));
    }
    results =
        driver.driver.createOutputTopic(topics.results().name(), keys, new ByteArrayDeserializer());
    deadLetters = driver.deadLetters;
  }

  // ------------------------------------------------------------------ state, in both places

  void policy(RoutingPolicy policy) {
    driver.policy(policy);
    mirror.policies.put(policy.getFunction(), policy);
  }

  void deletePolicy(String function) {
    driver.deletePolicy(function);
    mirror.policies.remove(function);
  }

  void prices(PriceSheet sheet) {
    driver.prices.pipeInput(PriceSheets.key(sheet), sheet);
    mirror.prices.put(PriceSheets.key(sheet), sheet);
  }

  void stats(ProviderStats s) {
    driver.stats.pipeInput(s.getFunction() + "/" + s.getProvider() + "/" + s.getRegion(), s);
    mirror.stats.put(s.getFunction() + "/" + s.getProvider() + "/" + s.getRegion(), s);
  }

  void budget(BudgetStatus status) {
    driver.budgets.pipeInput(status.getScope(), status);
    mirror.budgets.put(status.getScope(), status);
  }

  void deleteBudget(String scope) {
    driver.budgets.pipeInput(scope, null);
    mirror.budgets.remove(scope);
  }

  // ------------------------------------------------------------------ invocations

  /** The request as a producer writes it (Confluent wire format, current schema). */
  byte[] encode(InvocationRequest request) {
    return requests.serialize(topics.invocations().name(), request);
  }

  /** Routes {@code request} and checks the output against the full path; returns the output. */
  Output invoke(InvocationRequest request) {
    return invoke(encode(request));
  }

  /**
   * Pipes {@code value} into the router under the record key "record-key" and checks that exactly
   * one record came out, byte for byte the one the full path writes (for a dead letter: the same
   * error on the same bytes).
   */
  Output invoke(byte[] value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("h", new byte[] {1, 2});
    driver.rawInvocations.pipeInput(
        new TestRecord<>("record-key", value, headers, Fixtures.NOW.toEpochMilli()));
    long offset = offsets++;
    List<Output> outputs = new ArrayList<>();
    routed.forEach(
        (p, topic) ->
            topic.readRecordsToList().forEach(r -> outputs.add(new Output(p, r.key(), r.value()))));
    results.readRecordsToList().forEach(r -> outputs.add(new Output(null, r.key(), r.value())));
    List<DeadLetter> letters = deadLetters.readValuesToList();

    InvocationRequest decoded;
    try {
      decoded = decoder.decode(topics.invocations().name(), 0, offset, value);
    } catch (RuntimeException e) {
      assertThat(outputs).isEmpty();
      assertThat(letters)
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.getErrorType())
                    .isEqualTo(
                        e instanceof WireFormatException w
                            ? "WireFormatException:" + w.reason()
                            : e.getClass().getName());
                assertThat(l.getErrorMessage()).isEqualTo(String.valueOf(e.getMessage()));
              });
      return null;
    }
    assertThat(letters).isEmpty();
    Outcome outcome = router.route(decoded, mirror, Fixtures.NOW);
    String key = outcome.key() == null || outcome.key().isBlank() ? "record-key" : outcome.key();
    Output expected =
        outcome instanceof Outcome.Routed r
            ? new Output(
                r.provider(),
                key,
                encoder.serialize(topics.routed(r.provider()).name(), r.invocation()))
            : new Output(
                null,
                key,
                encoder.serialize(topics.results().name(), ((Outcome.Rejected) outcome).result()));
    assertThat(outputs).singleElement().isEqualTo(expected);
    return expected;
  }

  @Override
  public void close() {
    driver.close();
  }

  /** One output record: provider null for fiso.results. */
  record Output(Provider provider, String key, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Output other
          && other.provider == provider
          && java.util.Objects.equals(other.key, key)
          && java.util.Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return provider + " " + key + " " + java.util.HexFormat.of().formatHex(value);
    }
  }
}
