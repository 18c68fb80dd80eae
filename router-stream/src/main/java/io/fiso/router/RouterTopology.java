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
import io.fiso.pricing.PriceBook;
import io.fiso.router.decision.Router;
import io.fiso.router.internal.DecisionCache;
import io.fiso.router.internal.RouteProcessor;
import io.fiso.router.internal.RoutedSerializer;
import io.fiso.router.internal.RouterStores;
import io.fiso.router.internal.StateVersion;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The router's topology, built by a pure function of its {@link RouterConfig}:
 *
 * <pre>
 *  fiso.policies, fiso.prices,            global stores (each partition on every instance;
 *  fiso.provider-stats, fiso.budget-status   nothing is repartitioned)
 *                                                │ read
 *  fiso.invocations ──bytes──▶ router-route ─────┴──▶ fiso.routed.aws / .azure / .gcp
 *                                           ├──────▶ fiso.results      (REJECTED)
 *                                           └──────▶ fiso.deadletter   (undecodable)
 * </pre>
 *
 * Invocations are read as bytes and decoded in the processor, so a record that is not an
 * InvocationRequest becomes a DeadLetter with its coordinates instead of stopping the router. A
 * record like one routed before under the same global state takes the processor's fast path (see
 * {@link RouteProcessor}): the four global stores share one {@link StateVersion} that every change
 * moves on. Every node and store is named with the constants below, shared with the tests.
 */
public final class RouterTopology {

  public static final String INVOCATIONS_SOURCE = "router-invocations-source";
  public static final String ROUTE_PROCESSOR = "router-route";
  public static final String REJECTIONS_SINK = "router-rejections-sink";
  public static final String DEADLETTER_SINK = "router-deadletter-sink";

  public static final String POLICIES_STORE = "router-policies-store";
  public static final String POLICIES_SOURCE = "router-policies-source";
  public static final String POLICIES_UPDATER = "router-policies-updater";
  public static final String PRICES_STORE = "router-prices-store";
  public static final String PRICES_SOURCE = "router-prices-source";
  public static final String PRICES_UPDATER = "router-prices-updater";
  public static final String STATS_STORE = "router-provider-stats-store";
  public static final String STATS_SOURCE = "router-provider-stats-source";
  public static final String STATS_UPDATER = "router-provider-stats-updater";
  public static final String BUDGETS_STORE = "router-budget-status-store";
  public static final String BUDGETS_SOURCE = "router-budget-status-source";
  public static final String BUDGETS_UPDATER = "router-budget-status-updater";

  private RouterTopology() {}

  /** The sink node writing to {@code fiso.routed.<provider>}. */
  public static String routedSink(Provider provider) {
    return "router-routed-" + provider.name().toLowerCase(Locale.ROOT) + "-sink";
  }

  public static Topology build(RouterConfig config) {
    return build(config, new DecisionCache());
  }

  /** The topology, remembering decisions in {@code decisions} (tests look into it). */
  static Topology build(RouterConfig config, DecisionCache decisions) {
    TopicCatalog topics = config.topics();
    var registry = config.registry();
    boolean autoRegister = config.autoRegisterSchemas();
    Topology topology = new Topology();
    StateVersion version = new StateVersion();

    RouterStores.addPolicies(
        topology,
        POLICIES_STORE,
        POLICIES_SOURCE,
        POLICIES_UPDATER,
        topics.policies().name(),
        new AvroDeserializer<>(registry, RoutingPolicy.class),
        version);
    RouterStores.addPrices(
        topology,
        PRICES_STORE,
        PRICES_SOURCE,
        PRICES_UPDATER,
        topics.prices().name(),
        new AvroDeserializer<>(registry, PriceSheet.class),
        version);
    RouterStores.addStats(
        topology,
        STATS_STORE,
        STATS_SOURCE,
        STATS_UPDATER,
        topics.providerStats().name(),
        new AvroDeserializer<>(registry, ProviderStats.class),
        version);
    RouterStores.addBudgets(
        topology,
        BUDGETS_STORE,
        BUDGETS_SOURCE,
        BUDGETS_UPDATER,
        topics.budgetStatus().name(),
        new AvroDeserializer<>(registry, BudgetStatus.class),
        version);

    Map<Provider, String> routedSinks = new EnumMap<>(Provider.class);
    for (Provider p : Provider.values()) {
      routedSinks.put(p, routedSink(p));
    }
    RouteProcessor.Wiring wiring =
        new RouteProcessor.Wiring(
            Map.copyOf(routedSinks),
            REJECTIONS_SINK,
            DEADLETTER_SINK,
            POLICIES_STORE,
            PRICES_STORE,
            STATS_STORE,
            BUDGETS_STORE);
    Router router = new Router(config.routerSettings());
    PriceBook fallback = config.bundledPrices() ? PriceBook.bundled() : PriceBook.empty();
    RouteProcessor.FastPath fastPath = new RouteProcessor.FastPath(registry, version, decisions);

    topology.addSource(
        INVOCATIONS_SOURCE,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        topics.invocations().name());
    topology.addProcessor(
        ROUTE_PROCESSOR,
        () ->
            new RouteProcessor(
                wiring,
                new AvroDeserializer<>(registry, InvocationRequest.class),
                router,
                fallback,
                fastPath),
        INVOCATIONS_SOURCE);
    for (Provider p : Provider.values()) {
      topology.addSink(
          routedSink(p),
          topics.routed(p).name(),
          new StringSerializer(),
          new RoutedSerializer(new AvroSerializer<RoutedInvocation>(registry, false, autoRegister)),
          ROUTE_PROCESSOR);
    }
    topology.addSink(
        REJECTIONS_SINK,
        topics.results().name(),
        new StringSerializer(),
        new AvroSerializer<InvocationResult>(registry, false, autoRegister),
        ROUTE_PROCESSOR);
    topology.addSink(
        DEADLETTER_SINK,
        topics.deadLetter().name(),
        new StringSerializer(),
        new AvroSerializer<DeadLetter>(registry, false, autoRegister),
        ROUTE_PROCESSOR);
    return topology;
  }
}
