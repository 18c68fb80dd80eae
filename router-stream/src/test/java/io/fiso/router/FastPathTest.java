package io.fiso.router;

import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.blocked;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static io.fiso.router.Fixtures.request;
import static io.fiso.router.Fixtures.stats;
import static io.fiso.router.Fixtures.unhealthy;
import static io.fiso.router.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.pricing.catalog.PriceCatalog;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * The router's fast path (requests copied as received, decisions remembered) writes exactly the
 * bytes of the full path (decode, decide, encode) for every record, and a remembered decision is
 * never used after the policy, prices, statistics or budgets it depends on changed.
 */
class FastPathTest {

  private final FullPathHarness router = new FullPathHarness();

  FastPathTest() {
    PriceCatalog.bundled().sheets().forEach(router::prices);
    router.policy(
        policy(
            "f", RoutingStrategy.CHEAPEST, aws("us-east-1"), azure("eastus"), gcp("us-central1")));
    router.policy(policy("g", RoutingStrategy.FASTEST, aws("us-east-1"), gcp("us-central1")));
    router.stats(stats("g", aws("us-east-1"), 100, 80, 20));
    router.stats(stats("g", gcp("us-central1"), 100, 40, 20));
    RoutingPolicy regional =
        policy("ü-fn", RoutingStrategy.CHEAPEST_WITHIN_SLO, aws("us-east-1"), azure("eastus"));
    regional.setAllowedRegions(List.of("eastus"));
    regional.setLatencySloMs(100);
    router.policy(regional);
    router.policy(
        policy(
            "w",
            RoutingStrategy.WEIGHTED,
            weighted(aws("us-east-1"), 2),
            weighted(gcp("us-central1"), 1)));
    router.policy(policy("*", RoutingStrategy.FAILOVER, gcp("us-central1"), aws("us-east-1")));
    router.budget(blocked("label:team=capped", "f", "12", "10"));
  }

  @AfterProperty
  void close() {
    router.close();
  }

  // ------------------------------------------------------------------ same bytes

  @Property(tries = 250)
  void everyRecordIsWrittenAsTheFullPathWritesIt(
      @ForAll("requests") InvocationRequest request,
      @ForAll("requests") InvocationRequest other,
      @ForAll long seed) {
    router.invoke(request);
    // The same function, hints, labels and exclusions with everything else changed: the
    // remembered decision and the copied bytes.
    InvocationRequest next = InvocationRequest.newBuilder(other).build();
    next.setFunction(request.getFunction());
    next.setPreferredProvider(request.getPreferredProvider());
    next.setPreferredRegion(request.getPreferredRegion());
    next.setLabels(request.getLabels());
    next.setExcludedProviders(request.getExcludedProviders());
    long reused = router.decisions.reuses();
    router.invoke(next);
    Statistics.label("second invocation")
        .collect(router.decisions.reuses() > reused ? "fast path" : "full path");
    // The labels in another order on the wire.
    next.setLabels(shuffled(request.getLabels(), new Random(seed)));
    byte[] bytes = router.encode(next);
    router.invoke(bytes);
    // Damaged bytes: dead-lettered, rejected or routed exactly as the full path does.
    Random random = new Random(seed);
    byte[] damaged = bytes.clone();
    damaged[5 + random.nextInt(damaged.length - 5)] ^= (byte) (1 << random.nextInt(8));
    router.invoke(damaged);
    router.invoke(java.util.Arrays.copyOf(bytes, 5 + random.nextInt(bytes.length - 5)));

    Statistics.label("second invocation")
        .coverage(c -> c.check("fast path").percentage(p -> p >= 20));
  }

  @Example
  void theSecondInvocationOfAFunctionReusesTheDecision() {
    router.invoke(request("inv-1", "f"));
    assertThat(router.decisions.reuses()).isZero();

    for (int i = 2; i <= 5; i++) {
      assertThat(router.invoke(request("inv-" + i, "f")).provider()).isEqualTo(Provider.AZURE);
    }

    assertThat(router.decisions.reuses()).isEqualTo(4);
  }

  @Example
  void labelsInAnotherOrderThanTheDecodedMapStillTakeTheFastPath() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      labels.put("label-" + i, "value-" + i);
    }
    Map<String, String> shuffled = shuffled(labels, new Random(7));
    assertThat(List.copyOf(shuffled.keySet()))
        .isNotEqualTo(List.copyOf(new java.util.HashMap<>(labels).keySet()));
    for (int i = 0; i < 3; i++) {
      InvocationRequest r = request("inv-" + i, "f");
      r.setLabels(shuffled);
      router.invoke(r);
    }
    assertThat(router.decisions.reuses()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ invalidation

  @Example
  void aNewPriceSheetIsUsedForTheNextInvocation() {
    assertThat(router.invoke(request("inv-1", "f")).provider()).isEqualTo(Provider.AZURE);
    assertThat(router.invoke(request("inv-2", "f")).provider()).isEqualTo(Provider.AZURE);

    PriceSheet gcpSheet =
        PriceCatalog.bundled().sheets().stream()
            .filter(s -> s.getProvider() == Provider.GCP && s.getRegion().equals("us-central1"))
            .findFirst()
            .orElseThrow();
    PriceSheet free = PriceSheet.newBuilder(gcpSheet).setVersion(gcpSheet.getVersion() + 1).build();
    free.getComponents()
        .forEach(
            c -> {
              c.setUnitPrice(BigDecimal.ZERO.setScale(18));
              c.getTiers().forEach(t -> t.setUnitPrice(BigDecimal.ZERO.setScale(18)));
            });
    router.prices(free);

    assertThat(router.invoke(request("inv-3", "f")).provider()).isEqualTo(Provider.GCP);
  }

  @Example
  void anUnhealthyProviderIsLeftOutOfTheNextDecision() {
    assertThat(router.invoke(request("inv-1", "f")).provider()).isEqualTo(Provider.AZURE);
    assertThat(router.invoke(request("inv-2", "f")).provider()).isEqualTo(Provider.AZURE);

    router.stats(unhealthy("f", azure("eastus"), "timeouts"));

    assertThat(router.invoke(request("inv-3", "f")).provider()).isNotEqualTo(Provider.AZURE);
  }

  @Example
  void aStatisticsUpdateDecidesItsOwnFunctionAgainAndLeavesTheOthersRemembered() {
    assertThat(router.invoke(request("inv-1", "f")).provider()).isEqualTo(Provider.AZURE);
    assertThat(router.invoke(request("inv-2", "g")).provider()).isEqualTo(Provider.GCP);
    assertThat(router.decisions.reuses()).isZero();

    // The cost-ingestor writes statistics for every function every few seconds: g's GCP got slow.
    router.stats(stats("g", gcp("us-central1"), 200, 400, 20));

    assertThat(router.invoke(request("inv-3", "f")).provider()).isEqualTo(Provider.AZURE);
    assertThat(router.decisions.reuses()).as("f's decision does not read g's statistics").isOne();
    assertThat(router.invoke(request("inv-4", "g")).provider())
        .as("g decided again on its new statistics")
        .isEqualTo(Provider.AWS);
    assertThat(router.decisions.reuses()).isOne();
    assertThat(router.invoke(request("inv-5", "g")).provider()).isEqualTo(Provider.AWS);
    assertThat(router.decisions.reuses()).isEqualTo(2);

    // Statistics of a function nobody invoked yet change nothing remembered either.
    router.stats(stats("new-fn", aws("us-east-1"), 10, 50, 20));
    router.invoke(request("inv-6", "f"));
    router.invoke(request("inv-7", "g"));
    assertThat(router.decisions.reuses()).isEqualTo(4);
  }

  @Example
  void aBudgetThatBlocksRejectsTheNextInvocationAndItsRemovalRoutesAgain() {
    router.invoke(request("inv-1", "f"));
    router.invoke(request("inv-2", "f"));

    router.budget(blocked("function:f", "other", "12", "10"));
    assertThat(router.invoke(request("inv-3", "f")).provider()).isNull();

    router.deleteBudget("function:f");
    assertThat(router.invoke(request("inv-4", "f")).provider()).isEqualTo(Provider.AZURE);
  }

  @Example
  void aBudgetSpendUpdateThatBlocksNothingKeepsTheDecisionsAndABlockRejectsAtOnce() {
    router.invoke(request("inv-1", "f"));
    router.invoke(request("inv-2", "f"));
    assertThat(router.decisions.reuses()).isOne();

    // The cost-ingestor writes every budget's spend every few seconds; below the limit it blocks
    // nothing, so no decision changes.
    BudgetStatus spending = blocked("function:f", "f", "5", "10");
    spending.setState(BudgetState.WARN);
    router.budget(spending);
    assertThat(router.invoke(request("inv-3", "f")).provider()).isEqualTo(Provider.AZURE);
    assertThat(router.decisions.reuses()).isEqualTo(2);

    router.budget(blocked("function:f", "other", "12", "10"));
    assertThat(router.invoke(request("inv-4", "f")).provider()).isNull();
  }

  @Example
  void aBlockedLabelIsNotRoutedWithTheDecisionOfAnotherLabel() {
    InvocationRequest free = request("inv-1", "g");
    free.setLabels(Map.of("team", "payments"));
    router.invoke(free);
    router.invoke(free);

    InvocationRequest capped = request("inv-2", "g");
    capped.setLabels(Map.of("team", "capped"));
    assertThat(router.invoke(capped).provider()).isNull();
  }

  @Example
  void excludedProvidersAndHintsAreNotRoutedWithAnotherRequestsDecision() {
    router.invoke(request("inv-1", "f"));
    router.invoke(request("inv-2", "f"));

    InvocationRequest excluded = request("inv-3", "f");
    excluded.setExcludedProviders(List.of(Provider.AZURE));
    assertThat(router.invoke(excluded).provider()).isNotEqualTo(Provider.AZURE);

    InvocationRequest hinted = request("inv-4", "f");
    hinted.setPreferredProvider(Provider.GCP);
    assertThat(router.invoke(hinted).provider()).isEqualTo(Provider.GCP);
  }

  @Example
  void anUpdatedOrDeletedPolicyDecidesTheNextInvocation() {
    router.invoke(request("inv-1", "f"));
    router.invoke(request("inv-2", "f"));

    RoutingPolicy pinned = policy("f", RoutingStrategy.PINNED, aws("us-east-1"));
    pinned.setVersion(2);
    router.policy(pinned);
    assertThat(router.invoke(request("inv-3", "f")).provider()).isEqualTo(Provider.AWS);
    assertThat(router.invoke(request("inv-4", "f")).provider()).isEqualTo(Provider.AWS);

    router.deletePolicy("f");
    assertThat(router.invoke(request("inv-5", "f")).provider()).isEqualTo(Provider.GCP);
  }

  @Example
  void weightedDecidesEveryInvocationByItsId() {
    int aws = 0;
    for (int i = 0; i < 300; i++) {
      if (router.invoke(request("id-" + i, "w")).provider() == Provider.AWS) {
        aws++;
      }
    }
    assertThat(aws).isBetween(150, 250);
    assertThat(router.decisions.reuses()).isZero();
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<InvocationRequest> requests() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
    Arbitrary<String> functions =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("f", "g", "ü-fn", "w")),
            Tuple.of(1, Arbitraries.of("no-policy", "", " ")),
            Tuple.of(1, text));
    Arbitrary<String> regions =
        Arbitraries.oneOf(
            Arbitraries.of("us-east-1", "eastus", "us-central1", "", " ").injectNull(0.5), text);
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of("team", "env", "cost-centre", "ключ"), text),
                Arbitraries.oneOf(Arbitraries.of("capped", "payments", "bench"), text))
            .ofMaxSize(6);
    Arbitrary<List<Provider>> excluded = Arbitraries.of(Provider.class).list().ofMaxSize(4);
    Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<Instant> times =
        Arbitraries.longs()
            .between(-62_000_000_000_000L, 250_000_000_000_000L)
            .map(Instant::ofEpochMilli);
    Arbitrary<InvocationRequest> core =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    Tuple.of(8, text), Tuple.of(1, Arbitraries.of("inv-1", "", "  "))),
                functions,
                payloads,
                text,
                Arbitraries.of(InvocationMode.class),
                times.injectNull(0.5),
                Arbitraries.of(Provider.class).injectNull(0.6),
                regions)
            .as(
                (id, function, payload, contentType, mode, deadline, provider, region) ->
                    InvocationRequest.newBuilder()
                        .setInvocationId(id)
                        .setFunction(function)
                        .setPayload(ByteBuffer.wrap(payload))
                        .setContentType(contentType)
                        .setMode(mode)
                        .setDeadline(deadline)
                        .setPreferredProvider(provider)
                        .setPreferredRegion(region)
                        .setRequestedAt(Instant.EPOCH)
                        .build());
    return Combinators.combine(
            core, labels, times, Arbitraries.integers(), excluded, text.injectNull(0.5))
        .as(
            (r, l, requestedAt, attempt, ex, traceparent) -> {
              r.setLabels(l);
              r.setRequestedAt(requestedAt);
              r.setAttempt(attempt);
              r.setExcludedProviders(ex);
              r.setTraceparent(traceparent);
              return r;
            });
  }

  private static Map<String, String> shuffled(Map<String, String> labels, Random random) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(labels.entrySet());
    Collections.shuffle(entries, random);
    Map<String, String> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
