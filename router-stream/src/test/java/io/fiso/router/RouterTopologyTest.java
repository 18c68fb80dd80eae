package io.fiso.router;

import static io.fiso.router.Fixtures.NOW;
import static io.fiso.router.Fixtures.aws;
import static io.fiso.router.Fixtures.azure;
import static io.fiso.router.Fixtures.blocked;
import static io.fiso.router.Fixtures.gcp;
import static io.fiso.router.Fixtures.policy;
import static io.fiso.router.Fixtures.prioritized;
import static io.fiso.router.Fixtures.request;
import static io.fiso.router.Fixtures.stats;
import static io.fiso.router.Fixtures.unhealthy;
import static io.fiso.router.Fixtures.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Alternative;
import io.fiso.avro.Architecture;
import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.pricing.catalog.PriceCatalog;
import io.fiso.schemas.policy.PolicyDocuments;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RouterTopologyTest {

  private RouterDriver router = RouterDriver.start();

  @AfterEach
  void close() {
    router.close();
  }

  private void restartWith(RouterConfig config) {
    router.close();
    router = new RouterDriver(router.registry, config);
  }

  // ----------------------------------------------------------------- policy join

  @Test
  void policyBeforeEventRoutesWithTheDecisionRecord() {
    router.policy(policy("checkout", RoutingStrategy.PINNED, aws("us-east-1"), gcp("us-central1")));

    router.invoke(request("inv-1", "checkout"));

    TestRecord<String, RoutedInvocation> record = router.routed.get(Provider.AWS).readRecord();
    assertThat(record.key()).isEqualTo("inv-1");
    RoutingDecision d = record.value().getDecision();
    assertThat(d.getTarget().getTarget())
        .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:f");
    assertThat(d.getPolicyFunction()).isEqualTo("checkout");
    assertThat(d.getPolicyName()).isEqualTo("checkout-policy");
    assertThat(d.getPolicyVersion()).isEqualTo(1);
    assertThat(d.getStrategy()).isEqualTo(RoutingStrategy.PINNED);
    assertThat(d.getReason()).isEqualTo("PINNED to the policy's first target aws/us-east-1");
    assertThat(d.getRoutedAt()).isEqualTo(NOW);
    assertThat(d.getAlternatives())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getTarget().getProvider()).isEqualTo(Provider.GCP);
              assertThat(a.getEligible()).isTrue();
              assertThat(a.getNote()).contains("PINNED uses the first eligible target");
            });
    assertThat(record.value().getRequest().getInvocationId()).isEqualTo("inv-1");
    assertThat(router.pending()).isZero();
  }

  @Test
  void eventBeforePolicyIsRejectedThenRoutedOnceThePolicyArrives() {
    router.invoke(request("inv-1", "checkout"));

    InvocationResult rejected = router.rejection();
    assertThat(rejected.getInvocationId()).isEqualTo("inv-1");
    assertThat(rejected.getStatus()).isEqualTo(InvocationStatus.REJECTED);
    assertThat(rejected.getStatusCode()).isEqualTo(404);
    assertThat(rejected.getError().getType()).isEqualTo("NoPolicy");
    assertThat(rejected.getError().getMessage())
        .isEqualTo(
            "no policy for function checkout and no default '*' policy: apply one with fiso"
                + " policy apply -f policies.yaml (see docs/policies.md)");

    router.policy(policy("checkout", RoutingStrategy.PINNED, azure("eastus")));
    router.invoke(request("inv-2", "checkout"));

    assertThat(router.routedTo(Provider.AZURE).getRequest().getInvocationId()).isEqualTo("inv-2");
    assertThat(router.pending()).isZero();
  }

  @Test
  void anUpdatedPolicyTakesEffectForTheNextInvocation() {
    router.policy(policy("checkout", RoutingStrategy.PINNED, aws("us-east-1")));
    router.invoke(request("inv-1", "checkout"));
    assertThat(router.routedTo(Provider.AWS).getDecision().getPolicyVersion()).isEqualTo(1);

    RoutingPolicy v2 = policy("checkout", RoutingStrategy.PINNED, gcp("us-central1"));
    v2.setVersion(2);
    router.policy(v2);
    router.invoke(request("inv-2", "checkout"));

    RoutedInvocation routed = router.routedTo(Provider.GCP);
    assertThat(routed.getDecision().getPolicyVersion()).isEqualTo(2);
    assertThat(router.pending()).isZero();
  }

  @Test
  void aDeletedPolicyIsNoLongerApplied() {
    router.policy(policy("checkout", RoutingStrategy.PINNED, aws("us-east-1")));
    router.invoke(request("inv-1", "checkout"));
    router.routedTo(Provider.AWS);

    router.deletePolicy("checkout");
    router.invoke(request("inv-2", "checkout"));

    assertThat(router.rejection().getError().getType()).isEqualTo("NoPolicy");
    assertThat(router.pending()).isZero();
  }

  @Test
  void aFunctionWithoutPolicyUsesTheDefaultPolicy() {
    RoutingPolicy seed =
        PolicyDocuments.check(
                "seed.yaml",
                "name: default-cost-saver\ndefault_provider: aws\n"
                    + "default_arn: arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py\n")
            .orThrow()
            .get(0);
    router.policy(seed);

    router.invoke(request("inv-1", "anything"));

    RoutingDecision d = router.routedTo(Provider.AWS).getDecision();
    assertThat(d.getPolicyFunction()).isEqualTo("*");
    assertThat(d.getPolicyName()).isEqualTo("default-cost-saver");
    assertThat(d.getTarget().getTarget())
        .isEqualTo("arn:aws:lambda:us-east-1:ACCOUNT_ID:function:fiso_sample_app_py");
    assertThat(d.getReason())
        .isEqualTo(
            "no policy for function anything, so the default '*' policy 'default-cost-saver';"
                + " PINNED to the policy's first target aws/us-east-1");
  }

  @Test
  void deletingAFunctionsPolicyFallsBackToTheDefault() {
    router.policy(policy("*", RoutingStrategy.PINNED, azure("eastus")));
    router.policy(policy("checkout", RoutingStrategy.PINNED, aws("us-east-1")));
    router.invoke(request("inv-1", "checkout"));
    router.routedTo(Provider.AWS);

    router.deletePolicy("checkout");
    router.invoke(request("inv-2", "checkout"));

    assertThat(router.routedTo(Provider.AZURE).getDecision().getPolicyFunction()).isEqualTo("*");
  }

  // ----------------------------------------------------------------- rejections

  @Test
  void anInactivePolicyRejectsWithoutFallingBackToTheDefault() {
    router.policy(policy("*", RoutingStrategy.PINNED, azure("eastus")));
    RoutingPolicy off = policy("checkout", RoutingStrategy.PINNED, aws("us-east-1"));
    off.setActive(false);
    off.setVersion(3);
    router.policy(off);

    router.invoke(request("inv-1", "checkout"));

    InvocationResult r = router.rejection();
    assertThat(r.getStatusCode()).isEqualTo(422);
    assertThat(r.getError().getType()).isEqualTo("PolicyInactive");
    assertThat(r.getError().getMessage())
        .isEqualTo(
            "the policy 'checkout-policy' for function checkout (version 3) is inactive: set"
                + " active: true and apply it with fiso policy apply -f policies.yaml, or delete"
                + " it (fiso policy delete checkout) to use the '*' policy");
    assertThat(router.pending()).isZero();
  }

  @Test
  void noEligibleTargetSaysWhyForEachTarget() {
    RoutingPolicy p =
        policy("checkout", RoutingStrategy.FAILOVER, aws("us-east-1"), gcp("us-central1"));
    p.setAllowedRegions(List.of("us-east-1"));
    router.policy(p);
    InvocationRequest retry = request("inv-1", "checkout");
    retry.setAttempt(2);
    retry.setExcludedProviders(List.of(Provider.AWS));

    router.invoke(retry);

    InvocationResult r = router.rejection();
    assertThat(r.getError().getType()).isEqualTo("NoEligibleTarget");
    assertThat(r.getError().getMessage())
        .isEqualTo(
            "no eligible target for function checkout under policy 'checkout-policy' (version 1):"
                + " aws/us-east-1: provider AWS is excluded by an earlier attempt of this"
                + " invocation (excludedProviders); gcp/us-central1: region us-central1 is outside"
                + " allowedRegions [us-east-1]");
    assertThat(r.getAttempts()).isEqualTo(1);
    assertThat(r.getProvidersTried()).containsExactly(Provider.AWS);
  }

  @Test
  void anExhaustedBlockBudgetRejects() {
    RoutingPolicy p = policy("checkout", RoutingStrategy.PINNED, aws("us-east-1"));
    p.setBudget(budget("50", BudgetAction.BLOCK, null));
    router.policy(p);
    router.budgets.pipeInput(
        "function:checkout", blocked("function:checkout", "checkout", "50.2", "50"));

    router.invoke(request("inv-1", "checkout"));

    InvocationResult r = router.rejection();
    assertThat(r.getError().getType()).isEqualTo("BudgetExceeded");
    assertThat(r.getError().getMessage())
        .isEqualTo(
            "budget function:checkout is exhausted: $50.2 spent of $50 this month (until"
                + " 2026-12-01T00:00:00Z, action BLOCK, set by the policy for checkout): raise"
                + " budget.amountUsd or set action: ALERT in that policy and apply it, or wait for"
                + " the next period");
  }

  @Test
  void aBlockFromAPeriodThatHasEndedNoLongerApplies() {
    RoutingPolicy p = policy("checkout", RoutingStrategy.PINNED, aws("us-east-1"));
    p.setBudget(budget("50", BudgetAction.BLOCK, null));
    router.policy(p);
    var lastMonth = blocked("function:checkout", "checkout", "60", "50");
    lastMonth.setPeriodEnd(NOW.minusSeconds(3600));
    router.budgets.pipeInput("function:checkout", lastMonth);

    router.invoke(request("inv-1", "checkout"));

    router.routedTo(Provider.AWS);
  }

  @Test
  void raisingTheBudgetUnblocksAtOnce() {
    router.budgets.pipeInput(
        "function:checkout", blocked("function:checkout", "checkout", "50.2", "50"));
    RoutingPolicy p = policy("checkout", RoutingStrategy.PINNED, aws("us-east-1"));
    p.setBudget(budget("80", BudgetAction.BLOCK, null));
    router.policy(p);

    router.invoke(request("inv-1", "checkout"));

    router.routedTo(Provider.AWS);
    assertThat(router.pending()).isZero();
  }

  @Test
  void aLabelBudgetBlocksEveryInvocationCarryingTheLabel() {
    router.policy(policy("checkout", RoutingStrategy.PINNED, aws("us-east-1")));
    router.budgets.pipeInput(
        "label:team=payments", blocked("label:team=payments", "billing", "10", "10"));
    InvocationRequest payments = request("inv-1", "checkout");
    payments.setLabels(Map.of("team", "payments"));
    InvocationRequest search = request("inv-2", "checkout");
    search.setLabels(Map.of("team", "search"));

    router.invoke(payments);
    router.invoke(search);

    assertThat(router.rejection().getError().getMessage()).startsWith("budget label:team=payments");
    assertThat(router.routedTo(Provider.AWS).getRequest().getInvocationId()).isEqualTo("inv-2");
  }

  @Test
  void aPayloadOverTheLimitIsRejectedNamingTheLimit() {
    restartWith(router.config.withMaxPayloadBytes(16));
    router.policy(policy("f", RoutingStrategy.PINNED, aws("us-east-1")));
    InvocationRequest big = request("inv-1", "f");
    big.setPayload(ByteBuffer.wrap(new byte[17]));

    router.invoke(big);

    InvocationResult r = router.rejection();
    assertThat(r.getError().getType()).isEqualTo("PayloadTooLarge");
    assertThat(r.getError().getMessage())
        .startsWith(
            "the payload is 17 bytes; the router accepts at most 16 bytes (setting"
                + " router.max.payload.bytes)");
  }

  @Test
  void aRequestWithoutFunctionIsInvalid() {
    router.invoke(request("inv-1", ""));

    InvocationResult r = router.rejection();
    assertThat(r.getInvocationId()).isEqualTo("inv-1");
    assertThat(r.getError().getType()).isEqualTo("InvalidRequest");
    assertThat(r.getError().getMessage())
        .isEqualTo(
            "the request has no function: set function on the InvocationRequest and send it"
                + " again");
  }

  @Test
  void aRequestWithoutIdIsRejectedUnderItsRecordKey() {
    router.invocations.pipeInput("key-7", request("", "f"));

    TestRecord<String, InvocationResult> r = router.results.readRecord();
    assertThat(r.key()).isEqualTo("key-7");
    assertThat(r.value().getError().getType()).isEqualTo("InvalidRequest");
    assertThat(r.value().getError().getMessage()).contains("no invocationId");
  }

  // ----------------------------------------------------------------- bad records

  @Test
  void anUndecodableRecordIsDeadLetteredWithItsCoordinatesAndTheNextIsRouted() {
    router.policy(policy("f", RoutingStrategy.PINNED, aws("us-east-1")));
    router.invoke(request("inv-0", "f"));
    router.routedTo(Provider.AWS);
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

    router.rawInvocations.pipeInput("bad-key", garbage);
    router.invoke(request("inv-2", "f"));

    TestRecord<String, DeadLetter> dl = router.deadLetters.readRecord();
    assertThat(dl.key()).isEqualTo("bad-key");
    DeadLetter letter = dl.value();
    assertThat(letter.getTopic()).isEqualTo("fiso.invocations");
    assertThat(letter.getPartition()).isZero();
    assertThat(letter.getOffset()).isEqualTo(1);
    assertThat(letter.getStage()).isEqualTo("router");
    assertThat(letter.getErrorType()).isEqualTo("WireFormatException:WRONG_MAGIC_BYTE");
    assertThat(letter.getErrorMessage()).contains("topic fiso.invocations partition 0 offset 1");
    assertThat(bytes(letter.getValue())).isEqualTo(garbage);
    assertThat(bytes(letter.getKey())).isEqualTo("bad-key".getBytes(StandardCharsets.UTF_8));
    assertThat(router.routedTo(Provider.AWS).getRequest().getInvocationId()).isEqualTo("inv-2");
    assertThat(router.pending()).isZero();
  }

  @Test
  void aTombstoneOnTheInvocationsTopicIsDeadLettered() {
    router.rawInvocations.pipeInput("k", (byte[]) null);

    assertThat(router.deadLetters.readValue().getErrorMessage()).contains("tombstone");
  }

  @Test
  void anUndecodablePolicyRecordIsSkippedAndTheRouterKeepsGoing() {
    router.policy(policy("f", RoutingStrategy.PINNED, aws("us-east-1")));
    router
        .driver
        .createInputTopic(
            "fiso.policies",
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput("f", new byte[] {1, 2, 3});

    router.invoke(request("inv-1", "f"));

    router.routedTo(Provider.AWS);
  }

  // ----------------------------------------------------------------- eligibility and hints

  @Test
  void anUnhealthyProviderIsSkipped() {
    router.policy(
        policy(
            "f",
            RoutingStrategy.FAILOVER,
            prioritized(aws("us-east-1"), 0),
            prioritized(gcp("us-central1"), 1)));
    router.stats.pipeInput(
        "f/aws/us-east-1", unhealthy("f", aws("us-east-1"), "error rate 40% over 50 attempts"));

    router.invoke(request("inv-1", "f"));

    RoutingDecision d = router.routedTo(Provider.GCP).getDecision();
    assertThat(d.getReason())
        .isEqualTo(
            "FAILOVER: gcp/us-central1 is the first eligible target by priority (priority 1);"
                + " passed over aws/us-east-1 (priority 0): marked unhealthy in"
                + " fiso.provider-stats: error rate 40% over 50 attempts");
    assertThat(d.getAlternatives().get(0).getEligible()).isFalse();
  }

  @Test
  void aProviderThatRecoversIsUsedAgain() {
    router.policy(policy("f", RoutingStrategy.PINNED, aws("us-east-1"), gcp("us-central1")));
    router.stats.pipeInput("f/AWS/us-east-1", unhealthy("f", aws("us-east-1"), "down"));
    router.invoke(request("inv-1", "f"));
    router.routedTo(Provider.GCP);

    router.stats.pipeInput("f/AWS/us-east-1", stats("f", aws("us-east-1"), 60, 80, 20));
    router.invoke(request("inv-2", "f"));

    router.routedTo(Provider.AWS);
  }

  @Test
  void aTargetPredictedOverMaxCostPerInvocationIsNotEligible() {
    restartWith(router.config.withBundledPrices(true));
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.PINNED,
            withMemory(aws("us-east-1"), 4096),
            withMemory(azure("eastus"), 128));
    p.setMaxCostPerInvocation(new BigDecimal("0.000001").setScale(24));
    router.policy(p);

    router.invoke(request("inv-1", "f"));

    RoutingDecision d = router.routedTo(Provider.AZURE).getDecision();
    assertThat(d.getAlternatives().get(0).getNote())
        .startsWith("not eligible: predicted $0.0000068")
        .endsWith("exceeds maxCostPerInvocationUsd $0.000001");
  }

  @Test
  void aPreferredProviderIsFollowedWhenEligible() {
    router.policy(
        policy("f", RoutingStrategy.PINNED, aws("us-east-1"), gcp("us-central1"), azure("eastus")));
    InvocationRequest hinted = request("inv-1", "f");
    hinted.setPreferredProvider(Provider.GCP);

    router.invoke(hinted);

    RoutingDecision d = router.routedTo(Provider.GCP).getDecision();
    assertThat(d.getReason())
        .isEqualTo(
            "followed the request's hint preferredProvider=gcp; PINNED: gcp/us-central1 is the"
                + " first of the preferred targets in declared order");
    assertThat(d.getAlternatives())
        .extracting(Alternative::getNote)
        .containsOnly("eligible, but not preferred (preferredProvider=gcp)");
  }

  @Test
  void aHintForAnIneligibleTargetIsNotFollowedAndTheReasonSaysSo() {
    RoutingPolicy p = policy("f", RoutingStrategy.PINNED, aws("us-east-1"), gcp("us-central1"));
    p.setAllowedRegions(List.of("us-east-1"));
    router.policy(p);
    InvocationRequest hinted = request("inv-1", "f");
    hinted.setPreferredRegion("us-central1");

    router.invoke(hinted);

    assertThat(router.routedTo(Provider.AWS).getDecision().getReason())
        .endsWith("; hint preferredRegion=us-central1 not followed: no eligible target matches");
  }

  // ----------------------------------------------------------------- strategies end to end

  @Test
  void weightedRoutesTheSameIdTheSameWayAndSplitsByWeight() {
    router.policy(
        policy(
            "f",
            RoutingStrategy.WEIGHTED,
            weighted(aws("us-east-1"), 3),
            weighted(gcp("us-central1"), 1)));

    for (int i = 0; i < 4000; i++) {
      router.invoke(request("id-" + i, "f"));
    }
    long aws = router.routed.get(Provider.AWS).getQueueSize();
    long gcp = router.routed.get(Provider.GCP).getQueueSize();
    assertThat(aws + gcp).isEqualTo(4000);
    assertThat(aws / 4000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.03));

    Provider first = providerOf("id-17");
    assertThat(providerOf("id-17")).isEqualTo(first);
  }

  private Provider providerOf(String id) {
    router.routed.values().forEach(t -> t.readRecordsToList());
    router.invoke(request(id, "f"));
    for (var e : router.routed.entrySet()) {
      if (!e.getValue().isEmpty()) {
        return e.getValue().readValue().getDecision().getTarget().getProvider();
      }
    }
    throw new AssertionError("not routed");
  }

  @Test
  void cheapestUsesPublishedPricesAndTheMeasuredDuration() {
    PriceCatalog.bundled()
        .sheets()
        .forEach(
            s ->
                router.prices.pipeInput(
                    s.getProvider() + "/" + s.getRegion() + "/" + s.getArchitecture(), s));
    router.policy(
        policy(
            "f", RoutingStrategy.CHEAPEST, aws("us-east-1"), azure("eastus"), gcp("us-central1")));

    router.invoke(request("inv-1", "f"));

    // 128 MB, 100 ms assumed: Azure $0.0000004 beats AWS x86 $0.00000040833375 (0.2/M + GB-s).
    RoutingDecision first = router.routedTo(Provider.AZURE).getDecision();
    assertThat(first.getPredictedCost()).isEqualByComparingTo("0.0000004");
    assertThat(first.getReason())
        .startsWith(
            "CHEAPEST: azure/eastus is predicted cheapest at $0.0000004 per invocation (128 MB x"
                + " 100 ms (nothing measured yet; default duration assumed), price from"
                + " fiso.prices AZURE/eastus/X86_64 v")
        .endsWith("; next: aws/us-east-1 at $0.00000040833375");

    // Measured: the function runs 10 ms. Azure still bills its 100 ms minimum; AWS bills 10 ms.
    router.stats.pipeInput("s1", stats("f", aws("us-east-1"), 100, 40, 10));
    router.stats.pipeInput("s2", stats("f", azure("eastus"), 100, 40, 10));
    router.invoke(request("inv-2", "f"));

    RoutingDecision second = router.routedTo(Provider.AWS).getDecision();
    assertThat(second.getReason())
        .contains("aws/us-east-1 is predicted cheapest")
        .contains("mean billed duration measured over 100 attempts");
    assertThat(second.getAlternatives())
        .filteredOn(a -> a.getTarget().getProvider() == Provider.AZURE)
        .singleElement()
        .satisfies(a -> assertThat(a.getPredictedCost()).isEqualByComparingTo("0.0000004"));
  }

  @Test
  void fastestFollowsMeasuredLatency() {
    router.policy(
        policy(
            "f", RoutingStrategy.FASTEST, aws("us-east-1"), azure("eastus"), gcp("us-central1")));
    router.stats.pipeInput("a", stats("f", aws("us-east-1"), 100, 220, 50));
    router.stats.pipeInput("b", stats("f", gcp("us-central1"), 100, 90, 50));

    router.invoke(request("inv-1", "f"));

    RoutingDecision d = router.routedTo(Provider.GCP).getDecision();
    assertThat(d.getPredictedLatencyMs()).isEqualTo(90.0);
    assertThat(d.getReason())
        .isEqualTo(
            "FASTEST: gcp/us-central1 has the lowest measured p95 latency, 90 ms over 100"
                + " attempts; next: aws/us-east-1 at 220 ms; 1 not measured yet");
  }

  @Test
  void cheapestWithinSloPicksTheCheapestTargetMeetingTheSlo() {
    restartWith(router.config.withBundledPrices(true));
    RoutingPolicy p =
        policy(
            "f",
            RoutingStrategy.CHEAPEST_WITHIN_SLO,
            aws("us-east-1"),
            azure("eastus"),
            gcp("us-central1"));
    p.setLatencySloMs(300);
    router.policy(p);
    // Azure is cheapest for 100 ms runs but misses the SLO; AWS meets it.
    router.stats.pipeInput("a", stats("f", aws("us-east-1"), 100, 250, 100));
    router.stats.pipeInput("b", stats("f", azure("eastus"), 100, 450, 100));
    router.stats.pipeInput("c", stats("f", gcp("us-central1"), 100, 120, 100));

    router.invoke(request("inv-1", "f"));

    RoutingDecision d = router.routedTo(Provider.AWS).getDecision();
    assertThat(d.getReason())
        .startsWith(
            "CHEAPEST_WITHIN_SLO: aws/us-east-1 is predicted cheapest of those meeting the 300 ms SLO");
    assertThat(d.getAlternatives())
        .extracting(Alternative::getNote)
        .contains("p95 450 ms misses the 300 ms SLO");
  }

  @Test
  void cheapestWithinSloTakesTheFastestWhenNoneMeetsTheSlo() {
    RoutingPolicy p =
        policy("f", RoutingStrategy.CHEAPEST_WITHIN_SLO, aws("us-east-1"), gcp("us-central1"));
    p.setLatencySloMs(100);
    router.policy(p);
    router.stats.pipeInput("a", stats("f", aws("us-east-1"), 100, 250, 100));
    router.stats.pipeInput("c", stats("f", gcp("us-central1"), 100, 180, 100));

    router.invoke(request("inv-1", "f"));

    assertThat(router.routedTo(Provider.GCP).getDecision().getReason())
        .startsWith(
            "CHEAPEST_WITHIN_SLO: no target's measured p95 meets the 100 ms SLO (aws/us-east-1"
                + " 250 ms, gcp/us-central1 180 ms), so the fastest: gcp/us-central1");
  }

  @ParameterizedTest
  @EnumSource(RoutingStrategy.class)
  void withNoPricesAndNoStatisticsEveryStrategyStillDecidesAndSaysWhy(RoutingStrategy strategy) {
    RoutingPolicy p = policy("f", strategy, aws("us-east-1"), azure("eastus"), gcp("us-central1"));
    p.setLatencySloMs(300);
    router.policy(p);

    router.invoke(request("inv-1", "f"));

    RoutedInvocation routed =
        router.routed.values().stream()
            .filter(t -> !t.isEmpty())
            .findFirst()
            .orElseThrow()
            .readValue();
    RoutingDecision d = routed.getDecision();
    assertThat(d.getStrategy()).isEqualTo(strategy);
    assertThat(d.getPredictedCost()).isNull();
    assertThat(d.getPredictedLatencyMs()).isNull();
    assertThat(d.getAlternatives()).hasSize(2);
    switch (strategy) {
      case CHEAPEST, CHEAPEST_WITHIN_SLO ->
          assertThat(d.getReason()).contains("no price is known for any eligible target");
      case FASTEST -> assertThat(d.getReason()).contains("no latency has been measured yet");
      default -> assertThat(d.getReason()).startsWith(strategy.name());
    }
    if (strategy == RoutingStrategy.CHEAPEST_WITHIN_SLO) {
      assertThat(d.getReason()).contains("the 300 ms SLO cannot be checked");
    }
  }

  @Test
  void withOnlyTheBundledCatalogCheapestSaysWhereThePriceCameFrom() {
    restartWith(router.config.withBundledPrices(true));
    router.policy(policy("f", RoutingStrategy.CHEAPEST, aws("us-east-1"), azure("eastus")));

    router.invoke(request("inv-1", "f"));

    assertThat(router.routedTo(Provider.AZURE).getDecision().getReason())
        .contains(
            "price from bundled price catalog of 2026-11-01 (fiso.prices has no sheet for"
                + " AZURE/eastus/X86_64)");
  }

  // ----------------------------------------------------------------- helpers

  private static Budget budget(String amount, BudgetAction action, String scope) {
    return new Budget(new BigDecimal(amount).setScale(24), BudgetPeriod.MONTH, action, scope);
  }

  private static FunctionTarget withMemory(FunctionTarget t, int memoryMb) {
    return new FunctionTarget(
        t.getProvider(),
        t.getRegion(),
        t.getTarget(),
        memoryMb,
        Architecture.X86_64,
        t.getWeight(),
        t.getPriority(),
        null,
        null);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
