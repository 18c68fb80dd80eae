package io.fiso.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.emulator.FunctionStats;
import io.fiso.devstack.emulator.LambdaEmulator;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Concurrency limits, crashes, graceful shutdown and ordered mode, on the embedded broker. */
@FisoKafka
class WorkerResilienceIT {

  private static final Logger log = LoggerFactory.getLogger(WorkerResilienceIT.class);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static CloudEmulators clouds;
  private Harness h;

  @BeforeAll
  static void startClouds() {
    clouds = CloudEmulators.start();
  }

  @AfterAll
  static void stopClouds() {
    clouds.close();
  }

  @BeforeEach
  void setUp(KafkaTestEnv env) {
    h = new Harness(env, clouds);
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).reset();
    clouds.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION).reset();
  }

  @AfterEach
  void tearDown() throws Exception {
    h.close();
  }

  private FunctionStats lambdaStats() {
    return clouds.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION);
  }

  private List<String> routeMany(String prefix, int count) {
    List<String> ids = IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    for (String id : ids) {
      h.route(Fixtures.request(id), h.target(Provider.AWS));
    }
    return ids;
  }

  private Map<String, Long> resultsPerId(String prefix) {
    return h.results.matching(r -> r.getInvocationId().startsWith(prefix + "-")).stream()
        .collect(Collectors.groupingBy(InvocationResult::getInvocationId, Collectors.counting()));
  }

  private static void awaitTrue(
      java.util.function.BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void underABurst_callsInFlightNeverExceedTheLimit() {
    int limit = 8;
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).latency(Duration.ofMillis(40));
    WorkerGroup workers =
        h.start(h.settings(Provider.AWS).withConsumers(2, 50).withConcurrency(limit, limit));

    List<String> ids = routeMany("burst", 200);

    h.results.await(r -> r.getInvocationId().startsWith("burst-"), ids.size(), WAIT);
    assertThat(h.results.matching(r -> r.getInvocationId().startsWith("burst-")))
        .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED));
    log.info(
        "Burst of {}: at most {} calls in flight (limit {}), the function saw at most {} at once",
        ids.size(),
        workers.maxInFlight(),
        limit,
        lambdaStats().maxRunning());
    assertThat(workers.maxInFlight()).isLessThanOrEqualTo(limit);
    assertThat(lambdaStats().maxRunning()).isLessThanOrEqualTo(limit);
    assertThat(workers.metrics().maxInFlight()).isLessThanOrEqualTo(limit);
  }

  @Test
  void finishedPolls_sendTheirAcknowledgementsWithTheNextFetch_notInARequestOfTheirOwn()
      throws Exception {
    long before = brokerRequests("ShareAcknowledge");
    long fetchesBefore = brokerRequests("ShareFetch");
    Assumptions.assumeTrue(before >= 0, "the broker runs in another JVM: no request metrics here");
    WorkerGroup group = h.start(h.settings(Provider.AWS));
    int n = 20;
    for (int i = 0; i < n; i++) {
      // one at a time: each poll holds one record, and is done before the next one is routed
      String id = "acks-" + i;
      h.route(Fixtures.request(id), h.target(Provider.AWS));
      h.results.await(r -> r.getInvocationId().equals(id), 1, WAIT);
    }
    awaitTrue(() -> group.metrics().accepted() >= n, WAIT, "every record accepted");
    long acknowledgeRequests = brokerRequests("ShareAcknowledge") - before;
    long fetchRequests = brokerRequests("ShareFetch") - fetchesBefore;
    log.info(
        "{} invocations one at a time: {} ShareAcknowledge and {} ShareFetch requests",
        n,
        acknowledgeRequests,
        fetchRequests);
    // Each of the 20 polls was done with a permit free: its acknowledgement went with the next
    // ShareFetch. (Before, each poll also sent a ShareAcknowledge request: 20 or more.)
    assertThat(acknowledgeRequests).isLessThan(n / 4);
    assertThat(fetchRequests).isGreaterThanOrEqualTo(n);
    assertThat(resultsPerId("acks"))
        .hasSize(n)
        .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
    assertThat(IntStream.range(0, n).mapToObj(i -> "acks-" + i))
        .allSatisfy(id -> assertThat(lambdaStats().calls(id)).as(id).isEqualTo(1));
  }

  /** Requests of {@code api} the embedded broker in this JVM has handled; -1 without it. */
  private static long brokerRequests(String api) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    var names =
        server.queryNames(
            new ObjectName(
                "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + api + ",*"),
            null);
    if (names.isEmpty()) {
      return server
              .queryNames(new ObjectName("kafka.network:type=RequestMetrics,*"), null)
              .isEmpty()
          ? -1
          : 0;
    }
    long total = 0;
    for (ObjectName name : names) {
      total += ((Number) server.getAttribute(name, "Count")).longValue();
    }
    return total;
  }

  @Test
  void aWorkerKilledWithCallsInFlight_losesNothing() {
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).latency(Duration.ofMillis(1500));
    WorkerGroup first = h.start(h.settings(Provider.AWS).withConcurrency(20, 20));
    List<String> ids = routeMany("crash", 30);
    awaitTrue(
        () -> lambdaStats().snapshot().running() >= 10, WAIT, "calls in flight before the crash");

    first.kill();
    h.start(h.settings(Provider.AWS).withConcurrency(20, 20));

    h.results.await(r -> r.getInvocationId().startsWith("crash-"), ids.size(), WAIT);
    awaitTrue(
        () -> resultsPerId("crash").keySet().containsAll(ids),
        WAIT,
        "a result for every invocation");
    Map<String, Long> perId = resultsPerId("crash");
    long results = perId.values().stream().mapToLong(Long::longValue).sum();
    long calls = ids.stream().mapToLong(lambdaStats()::calls).sum();
    log.info(
        "Crash test: {} invocations, {} results ({} duplicate results), {} function calls ({} repeated after the crash)",
        ids.size(),
        results,
        results - ids.size(),
        calls,
        calls - ids.size());
    assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(h.results.matching(r -> r.getInvocationId().startsWith("crash-")))
        .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED));
  }

  @Test
  void aGracefulShutdown_finishesTheCallsInFlight_andNothingRunsTwice() {
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).latency(Duration.ofMillis(1500));
    List<String> ids = routeMany("graceful", 10);
    WorkerGroup first = h.start(h.settings(Provider.AWS).withConsumers(4, 50));
    awaitTrue(() -> first.metrics().inFlight() >= 2, WAIT, "calls in flight");

    first.close();

    // Every call that was in flight finished and its result was written before close() returned.
    List<String> called = ids.stream().filter(id -> lambdaStats().calls(id) > 0).toList();
    assertThat(called).isNotEmpty();
    assertThat(resultsPerId("graceful").keySet()).containsAll(called);
    assertThat(first.metrics().abandoned()).isZero();
    // The rest are picked up by the next worker; no invocation ran twice.
    h.start(h.settings(Provider.AWS).withConsumers(4, 50));
    h.results.await(r -> r.getInvocationId().startsWith("graceful-"), ids.size(), WAIT);
    assertThat(resultsPerId("graceful"))
        .hasSize(ids.size())
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    assertThat(ids).allSatisfy(id -> assertThat(lambdaStats().calls(id)).as(id).isEqualTo(1));
  }

  @Test
  void noHopLeft_releasesUntilTheLastDeliveryThenFailsListingEveryProviderTried() {
    clouds
        .azure()
        .faults(io.fiso.devstack.emulator.AzureFunctionsEmulator.SAMPLE_FUNCTION)
        .unavailable(true);
    try {
      h.start(h.settings(Provider.AZURE));
      InvocationRequest lastHop =
          InvocationRequest.newBuilder(Fixtures.request("last-hop"))
              .setAttempt(3)
              .setExcludedProviders(List.of(Provider.AWS, Provider.GCP))
              .build();

      h.route(lastHop, h.target(Provider.AZURE));

      InvocationResult result =
          h.results.await(r -> r.getInvocationId().equals("last-hop"), 1, WAIT).get(0);
      assertThat(result.getStatus()).isEqualTo(InvocationStatus.FAILED);
      assertThat(result.getError().getType()).isEqualTo("ProviderUnavailable");
      assertThat(result.getError().getMessage())
          .contains("AWS, GCP, AZURE")
          .contains("delivery 5 of 5");
      assertThat(result.getProvidersTried())
          .containsExactly(Provider.AWS, Provider.GCP, Provider.AZURE);
      assertThat(
              h.deadLetters
                  .await(d -> "last-hop".equals(d.getInvocationId()), 1, WAIT)
                  .get(0)
                  .getAttempts())
          .isEqualTo(5);
      // Released four times, not failed over: no request went back to the router.
      assertThat(h.results.matching(r -> r.getInvocationId().equals("last-hop"))).hasSize(1);
    } finally {
      clouds
          .azure()
          .faults(io.fiso.devstack.emulator.AzureFunctionsEmulator.SAMPLE_FUNCTION)
          .reset();
    }
  }

  @Test
  void orderedMode_runsOneKeyAtATimeAndResumesWithoutReprocessing() {
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).latency(Duration.ofMillis(30));
    WorkerSettings ordered =
        h.settings(Provider.AWS).withOrdered(true).withGroupId(h.env.name("ordered"));
    WorkerGroup first = h.start(ordered);
    // Five records under one key (a function that needs order): run one after the other.
    List<String> sameKey = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      InvocationRequest request = Fixtures.request("ordered-" + i);
      sameKey.add(request.getInvocationId());
      h.send(
          h.topics.routedAws().name(),
          "one-key",
          Fixtures.routed(request, h.target(Provider.AWS), h.policy()),
          List.of());
    }
    List<InvocationResult> firstResults =
        new ArrayList<>(h.results.await(r -> r.getInvocationId().startsWith("ordered-"), 5, WAIT));
    firstResults.sort(java.util.Comparator.comparing(InvocationResult::getStartedAt));
    assertThat(firstResults)
        .extracting(InvocationResult::getInvocationId)
        .containsExactlyElementsOf(sameKey);
    for (int i = 1; i < firstResults.size(); i++) {
      assertThat(firstResults.get(i).getStartedAt())
          .isAfterOrEqualTo(firstResults.get(i - 1).getCompletedAt().minusMillis(5));
    }
    assertThat(lambdaStats().maxRunning()).isEqualTo(1);
    first.close();

    WorkerGroup second = h.start(ordered);
    for (int i = 5; i < 8; i++) {
      h.route(Fixtures.request("ordered-" + i), h.target(Provider.AWS));
    }

    h.results.await(r -> r.getInvocationId().startsWith("ordered-"), 8, WAIT);
    Map<String, Long> perId = resultsPerId("ordered");
    assertThat(perId).hasSize(8).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    assertThat(second.metrics().records()).isEqualTo(3);
    assertThat(
            perId.keySet().stream()
                .collect(Collectors.toMap(Function.identity(), lambdaStats()::calls)))
        .allSatisfy((id, calls) -> assertThat(calls).as(id).isEqualTo(1));
  }
}
