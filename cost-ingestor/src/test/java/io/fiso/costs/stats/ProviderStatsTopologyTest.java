package io.fiso.costs.stats;

import static io.fiso.costs.testkit.CostEvents.costing;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fiso.avro.AlertKind;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.costs.testkit.IngestorDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderStatsTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final FunctionTarget AWS = target(Provider.AWS, "us-east-1", 128);
  private static final String KEY = "checkout/AWS/us-east-1";
  private static final Duration HALF_LIFE = Duration.ofMinutes(5);

  private IngestorDriver ingestor;

  private IngestorDriver start(CostIngestorConfig.Stats stats) {
    CostIngestorConfig config = IngestorDriver.everyEventConfig();
    ingestor = new IngestorDriver(config.withStats(stats), T0);
    return ingestor;
  }

  private static CostIngestorConfig.Stats everyEvent() {
    return IngestorDriver.everyEventConfig().stats().withHalfLife(HALF_LIFE);
  }

  @AfterEach
  void close() {
    if (ingestor != null) {
      ingestor.close();
    }
  }

  private CostEvent attempt(Instant at, double durationMs, InvocationStatus status, boolean cold) {
    return costing(priced("checkout", AWS, at, durationMs), "0.000002")
        .setStatus(status)
        .setColdStart(cold)
        .setLatencyMs(durationMs + 20)
        .build();
  }

  private ProviderStats last() {
    List<KeyValue<String, ProviderStats>> all = ingestor.stats.readKeyValuesToList();
    assertThat(all).isNotEmpty();
    KeyValue<String, ProviderStats> kv = all.get(all.size() - 1);
    assertThat(kv.key).isEqualTo(KEY);
    return kv.value;
  }

  @Test
  void ratesAndMeansOverAttemptsAtTheSameTime() {
    start(everyEvent());
    for (int i = 0; i < 100; i++) {
      InvocationStatus status =
          i < 10
              ? InvocationStatus.FUNCTION_ERROR
              : i < 15 ? InvocationStatus.THROTTLED : InvocationStatus.SUCCEEDED;
      ingestor.send(attempt(T0, 100, status, i % 5 == 0));
    }
    ProviderStats s = last();
    assertThat(s.getInvocations()).isEqualTo(100);
    assertThat(s.getWeightedCount()).isCloseTo(100, within(1e-9));
    assertThat(s.getErrorRate()).isCloseTo(0.10, within(1e-12));
    assertThat(s.getThrottleRate()).isCloseTo(0.05, within(1e-12));
    assertThat(s.getColdStartRate()).isCloseTo(0.20, within(1e-12));
    assertThat(s.getMeanDurationMs()).isCloseTo(100, within(1e-9));
    assertThat(s.getMeanLatencyMs()).isCloseTo(120, within(1e-9));
    assertThat(s.getMeanCost()).isEqualByComparingTo("0.000002");
    assertThat(s.getMeanBilledDurationMs()).isCloseTo(100, within(1e-9));
    assertThat(s.getHealthy()).isTrue();
    assertThat(s.getUpdatedAt()).isEqualTo(T0);
  }

  @Test
  void percentilesAreWithinTheSketchError() {
    start(everyEvent());
    List<Integer> durations = new ArrayList<>();
    for (int d = 1; d <= 1000; d++) {
      durations.add(d);
    }
    Collections.shuffle(durations, new Random(7));
    durations.forEach(d -> ingestor.send(attempt(T0, d, InvocationStatus.SUCCEEDED, false)));

    ProviderStats s = last();
    double accuracy = everyEvent().sketchAccuracy();
    // Nearest-rank percentiles of 1..1000: p50 = 500, p95 = 950, p99 = 990; latency = +20 ms.
    assertThat(s.getP50DurationMs()).isCloseTo(500, within(500 * accuracy));
    assertThat(s.getP95DurationMs()).isCloseTo(950, within(950 * accuracy));
    assertThat(s.getP99DurationMs()).isCloseTo(990, within(990 * accuracy));
    assertThat(s.getP95LatencyMs()).isCloseTo(970, within(970 * accuracy));
    assertThat(s.getMeanDurationMs()).isCloseTo(500.5, within(1e-9));
  }

  @Test
  void oldBehaviourFadesWithTheHalfLife() {
    start(everyEvent());
    for (int i = 0; i < 100; i++) {
      ingestor.send(attempt(T0, 1000, InvocationStatus.SUCCEEDED, false));
    }
    Instant later = T0.plus(HALF_LIFE.multipliedBy(10));
    for (int i = 0; i < 100; i++) {
      ingestor.send(attempt(later, 10, InvocationStatus.SUCCEEDED, false));
    }
    ProviderStats s = last();
    double oldWeight = 100.0 / 1024;
    assertThat(s.getInvocations()).isEqualTo(200);
    assertThat(s.getWeightedCount()).isCloseTo(100 + oldWeight, within(1e-6));
    assertThat(s.getMeanDurationMs())
        .isCloseTo((oldWeight * 1000 + 100 * 10) / (100 + oldWeight), within(1e-6));
    assertThat(s.getP95DurationMs()).isCloseTo(10, within(0.1));
  }

  @Test
  void theMeanCostIsADecayedWeightedMeanInDecimals() {
    start(everyEvent());
    for (int i = 0; i < 30; i++) {
      ingestor.send(costing(priced("checkout", AWS, T0.plusSeconds(i), 100), "0.05").build());
    }
    assertThat(last().getMeanCost()).isEqualByComparingTo("0.05");

    ingestor.send(
        costing(priced("checkout", AWS, T0.plus(HALF_LIFE.multipliedBy(20)), 100), "3").build());
    // The attempt at T0+i s is 6000-i s (about 20 half-lives) old.
    double old = 0;
    for (int i = 0; i < 30; i++) {
      old += Math.pow(2, -(6000.0 - i) / 300);
    }
    assertThat(last().getMeanCost().doubleValue())
        .isCloseTo((old * 0.05 + 3) / (old + 1), within(1e-12));
  }

  @Test
  void anOutOfOrderAttemptWeighsAsMuchAsItsAge() {
    start(everyEvent());
    ingestor.send(attempt(T0.plus(HALF_LIFE), 100, InvocationStatus.SUCCEEDED, false));
    ingestor.send(attempt(T0, 100, InvocationStatus.FAILED, false));

    ProviderStats s = last();
    assertThat(s.getWeightedCount()).isCloseTo(1.5, within(1e-9));
    assertThat(s.getErrorRate()).isCloseTo(0.5 / 1.5, within(1e-9));
    assertThat(s.getUpdatedAt()).isEqualTo(T0.plus(HALF_LIFE));
  }

  @Test
  void aProviderIsUnhealthyWhenItsErrorRateCrossesTheThresholdAndRecoversLater() {
    start(everyEvent().withHealth(0.5, 0.2, 20));
    Instant t = T0;
    for (int i = 0; i < 19; i++) {
      ingestor.send(attempt(t, 100, InvocationStatus.FAILED, false));
    }
    assertThat(ingestor.alerts.isEmpty()).as("below the minimum sample").isTrue();
    ingestor.send(attempt(t, 100, InvocationStatus.TIMED_OUT, false));

    List<FinOpsAlert> alerts = ingestor.alerts.readValuesToList();
    assertThat(alerts)
        .extracting(FinOpsAlert::getKind)
        .containsExactly(AlertKind.PROVIDER_UNHEALTHY);
    assertThat(alerts.get(0).getScope()).isEqualTo(KEY);
    ProviderStats unhealthy = last();
    assertThat(unhealthy.getHealthy()).isFalse();
    assertThat(unhealthy.getHealthReason()).contains("100.0%").contains("threshold 50.0%");

    // Successes, one every 10 s: the decayed error rate falls until it reaches 20%.
    int sent = 0;
    while (ingestor.alerts.isEmpty() && sent < 1000) {
      t = t.plusSeconds(10);
      ingestor.send(attempt(t, 100, InvocationStatus.SUCCEEDED, false));
      sent++;
    }
    List<FinOpsAlert> recovered = ingestor.alerts.readValuesToList();
    assertThat(recovered)
        .extracting(FinOpsAlert::getKind)
        .containsExactly(AlertKind.PROVIDER_RECOVERED);
    ProviderStats healthy = last();
    assertThat(healthy.getHealthy()).isTrue();
    assertThat(healthy.getErrorRate()).isLessThanOrEqualTo(0.2);
    assertThat(healthy.getHealthReason()).contains("fell to");
    // Still unhealthy one success before: the recovery happened at the threshold, not earlier.
    assertThat(sent).isGreaterThan(1);
  }

  @Test
  void anUnhealthyProviderThatReceivesNothingIsReadmittedAfterTwoHalfLivesAndJudgedAfresh() {
    start(everyEvent().withHealth(0.5, 0.2, 20));
    for (int i = 0; i < 40; i++) {
      ingestor.send(attempt(T0, 100, InvocationStatus.FAILED, false));
    }
    assertThat(ingestor.alerts.readValue().getKind()).isEqualTo(AlertKind.PROVIDER_UNHEALTHY);
    ingestor.stats.readValuesToList();

    ingestor.advanceWallClock(HALF_LIFE);
    assertThat(ingestor.alerts.isEmpty()).as("kept out for two half-lives").isTrue();

    ingestor.advanceWallClock(HALF_LIFE.plusSeconds(5));
    FinOpsAlert readmitted = ingestor.alerts.readValue();
    assertThat(readmitted.getKind()).isEqualTo(AlertKind.PROVIDER_RECOVERED);
    assertThat(readmitted.getMessage()).contains("re-admitted");
    assertThat(last().getHealthy()).isTrue();

    // A successful probe keeps it in, although the reported (decayed) error rate is still high.
    Instant probe = T0.plus(HALF_LIFE.multipliedBy(2));
    ingestor.send(attempt(probe, 100, InvocationStatus.SUCCEEDED, false));
    assertThat(ingestor.alerts.isEmpty()).isTrue();
    ProviderStats probed = last();
    assertThat(probed.getHealthy()).isTrue();
    assertThat(probed.getErrorRate()).isGreaterThan(0.5);

    // Failing again, it is out again once the minimum sample is reached.
    for (int i = 0; i < 19; i++) {
      ingestor.send(attempt(probe, 100, InvocationStatus.FAILED, false));
    }
    assertThat(ingestor.alerts.readValuesToList())
        .extracting(FinOpsAlert::getKind)
        .containsExactly(AlertKind.PROVIDER_UNHEALTHY);
  }

  @Test
  void writesAtMostOncePerEmitIntervalAndFlushesTheRestOnTheWallClock() {
    start(everyEvent().withEmitInterval(Duration.ofSeconds(10)));
    for (int i = 0; i < 5; i++) {
      ingestor.send(attempt(T0.plusMillis(400L * i), 100, InvocationStatus.SUCCEEDED, false));
    }
    List<ProviderStats> written = ingestor.stats.readValuesToList();
    assertThat(written).extracting(ProviderStats::getInvocations).containsExactly(1L);

    ingestor.advanceWallClock(Duration.ofSeconds(10));
    assertThat(ingestor.stats.readValuesToList())
        .extracting(ProviderStats::getInvocations)
        .containsExactly(5L);

    ingestor.advanceWallClock(Duration.ofSeconds(10));
    assertThat(ingestor.stats.isEmpty()).as("nothing new, nothing written").isTrue();

    // The last write covered event time T0+1.6s: the next due one is 10 s of event time later.
    ingestor.send(attempt(T0.plusSeconds(11), 100, InvocationStatus.SUCCEEDED, false));
    assertThat(ingestor.stats.isEmpty()).isTrue();
    ingestor.send(attempt(T0.plusSeconds(12), 100, InvocationStatus.SUCCEEDED, false));
    assertThat(ingestor.stats.readValuesToList())
        .extracting(ProviderStats::getInvocations)
        .containsExactly(7L);
  }

  @Test
  void eachFunctionProviderAndRegionHasItsOwnStatistics() {
    start(everyEvent());
    ingestor.send(attempt(T0, 100, InvocationStatus.SUCCEEDED, false));
    ingestor.send(
        costing(priced("checkout", target(Provider.GCP, "us-central1", 256), T0, 300), "0.00001")
            .build());
    ingestor.send(costing(priced("search", AWS, T0, 50), "0.000001").build());

    assertThat(ingestor.stats.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly(KEY, "checkout/GCP/us-central1", "search/AWS/us-east-1");
  }
}
