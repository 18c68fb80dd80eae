package io.fiso.costs.rollup;

import static io.fiso.costs.testkit.CostEvents.costing;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.tagged;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.costs.rollup.CostRollupQueries.Granularity;
import io.fiso.costs.rollup.CostRollupQueries.GroupTotal;
import io.fiso.costs.rollup.CostRollupQueries.Point;
import io.fiso.costs.testkit.IngestorDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollupTopologyTest {

  private static final Instant T10 = Instant.parse("2026-11-02T10:00:00Z");
  private static final Instant T11 = T10.plus(Duration.ofHours(1));
  private IngestorDriver ingestor;

  @BeforeEach
  void start() {
    CostIngestorConfig config =
        IngestorDriver.everyEventConfig()
            .withRollups(
                new CostIngestorConfig.Rollups(
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(10),
                    Duration.ofDays(2),
                    Duration.ofDays(35)));
    ingestor = new IngestorDriver(config, T10);
  }

  @AfterEach
  void close() {
    ingestor.close();
  }

  private CostEvent at(String function, Provider provider, String at, String usd, double ms) {
    String region = provider == Provider.AWS ? "us-east-1" : "us-central1";
    return costing(priced(function, target(provider, region, 128), Instant.parse(at), ms), usd)
        .build();
  }

  private GroupTotal only(List<GroupTotal> totals) {
    assertThat(totals).hasSize(1);
    return totals.get(0);
  }

  private static long count(List<Point> points, Instant windowStart) {
    return points.stream()
        .filter(p -> p.windowStart().equals(windowStart))
        .mapToLong(p -> p.totals().count())
        .sum();
  }

  @Test
  void countsEachEventInItsMinuteAndHourWithExactTotals() {
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:00:10Z", "0.1", 100));
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:00:50Z", "0.2", 300));
    ingestor.send(
        at("checkout", Provider.AWS, "2026-11-02T10:01:05Z", "0.0000000000000000000001", 200));

    CostRollupQueries q = ingestor.rollups();
    List<Point> minutes = q.series(T10, T11, Granularity.MINUTE);
    assertThat(minutes).extracting(Point::windowStart).containsExactly(T10, T10.plusSeconds(60));
    assertThat(minutes.get(0).totals().count()).isEqualTo(2);
    assertThat(minutes.get(0).totals().cost()).isEqualByComparingTo("0.3");
    assertThat(minutes.get(1).totals().cost()).isEqualByComparingTo("0.0000000000000000000001");

    List<Point> hours = q.series(T10, T11, Granularity.HOUR);
    assertThat(hours).hasSize(1);
    assertThat(hours.get(0).totals().count()).isEqualTo(3);
    assertThat(hours.get(0).totals().cost()).isEqualByComparingTo("0.3000000000000000000001");
    assertThat(hours.get(0).totals().meanDurationMs()).isCloseTo(200, within(1e-9));
  }

  @Test
  void groupsByAnyCombinationOfFunctionProviderRegionServiceLabelDayAndHour() {
    ingestor.send(
        tagged(
                costing(
                    priced(
                        "checkout",
                        target(Provider.AWS, "us-east-1", 128),
                        Instant.parse("2026-11-02T10:05:00Z"),
                        100),
                    "1.00"),
                "team",
                "payments")
            .setEstimated(false) // billed as AWS reported it
            .build());
    ingestor.send(
        tagged(
                costing(
                    priced(
                        "search",
                        target(Provider.GCP, "us-central1", 256),
                        Instant.parse("2026-11-02T10:06:00Z"),
                        100),
                    "2.50"),
                "team",
                "discovery")
            .build());
    ingestor.send(
        tagged(
                costing(
                    priced(
                        "refund",
                        target(Provider.AWS, "us-east-1", 128),
                        Instant.parse("2026-11-02T11:07:00Z"),
                        100),
                    "0.25"),
                "team",
                "payments")
            .setStatus(InvocationStatus.FUNCTION_ERROR)
            .setEstimated(false)
            .build());

    CostRollupQueries q = ingestor.rollups();
    Instant to = T10.plus(Duration.ofHours(2));
    assertThat(q.totals(T10, to, "function"))
        .extracting(g -> g.value("function"))
        .containsExactly("search", "checkout", "refund");
    List<GroupTotal> providers = q.totals(T10, to, "provider");
    assertThat(providers).extracting(g -> g.value("provider")).containsExactly("GCP", "AWS");
    assertThat(providers.get(1).cost()).isEqualByComparingTo("1.25");
    assertThat(providers.get(1).totals().errors()).isEqualTo(1);
    List<GroupTotal> teams = q.totals(T10, to, "label:team");
    assertThat(teams)
        .extracting(g -> g.value("label:team"))
        .containsExactly("discovery", "payments");
    assertThat(teams.get(1).cost()).isEqualByComparingTo("1.25");
    assertThat(teams.get(1).count()).isEqualTo(2);

    List<GroupTotal> byProviderAndHour = q.totals(T10, to, "provider,hour");
    assertThat(byProviderAndHour)
        .extracting(GroupTotal::key)
        .containsExactly(
            Map.of("provider", "GCP", "hour", "2026-11-02T10:00Z"),
            Map.of("provider", "AWS", "hour", "2026-11-02T10:00Z"),
            Map.of("provider", "AWS", "hour", "2026-11-02T11:00Z"));
    assertThat(q.totals(T10, to, "service,day"))
        .extracting(g -> g.value("service") + " " + g.value("day"))
        .containsExactly("Cloud Run functions 2026-11-02", "AWS Lambda 2026-11-02");
    GroupTotal total = only(q.totals(T10, to, ""));
    assertThat(total.cost()).isEqualByComparingTo("3.75");
    assertThat(total.totals().effectiveCost()).isEqualByComparingTo("3.75");
    assertThat(total.totals().estimated()).as("Google's cost is estimated").isEqualTo(1);
    assertThatThrownBy(() -> q.totals(T10, to, "status"))
        .hasMessageContaining("the rollups do not keep the status");
    assertThatThrownBy(() -> q.totals(T10, to, "colour"))
        .hasMessageContaining("cannot group by 'colour'");
  }

  @Test
  void aLateEventWithinTheGracePeriodIsCountedInItsWindow() {
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:00:10Z", "1", 100));
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:02:30Z", "1", 100)); // stream time
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:00:40Z", "1", 100)); // 1m50s late

    List<Point> minutes = ingestor.rollups().series(T10, T11, Granularity.MINUTE);
    assertThat(count(minutes, T10)).isEqualTo(2);
  }

  @Test
  void aLateEventBeyondTheGracePeriodIsNotCountedInThatWindow() {
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:00:10Z", "1", 100));
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:03:30Z", "1", 100)); // stream time
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:00:40Z", "1", 100)); // > 1m + 2m

    CostRollupQueries q = ingestor.rollups();
    assertThat(count(q.series(T10, T11, Granularity.MINUTE), T10)).isEqualTo(1);
    // The hour window (10 minutes of grace after 11:00) still takes it.
    assertThat(count(q.series(T10, T11, Granularity.HOUR), T10)).isEqualTo(3);
  }

  @Test
  void aRangeReadsWholeHoursFromHourWindowsAndItsEndsFromMinuteWindows() {
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T09:58:00Z", "1", 100)); // before
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T09:59:00Z", "2", 100)); // in
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:30:00Z", "4", 100)); // in
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T11:00:30Z", "8", 100)); // in
    ingestor.send(at("checkout", Provider.AWS, "2026-11-02T11:01:00Z", "16", 100)); // after

    GroupTotal t =
        only(
            ingestor
                .rollups()
                .totals(
                    Instant.parse("2026-11-02T09:59:00Z"),
                    Instant.parse("2026-11-02T11:01:00Z"),
                    ""));
    assertThat(t.cost()).isEqualByComparingTo("14");
    assertThat(t.count()).isEqualTo(3);
  }

  @Test
  void durationPercentilesOfAGroupAreWithinTheSketchError() {
    for (int d = 1; d <= 200; d++) {
      ingestor.send(at("checkout", Provider.AWS, "2026-11-02T10:10:00Z", "0.000001", d));
    }
    GroupTotal t = only(ingestor.rollups().totals(T10, T11, "function"));
    assertThat(t.p95DurationMs()).isCloseTo(190, within(190 * 0.01));
    assertThat(t.totals().meanDurationMs()).isCloseTo(100.5, within(1e-9));
    assertThat(t.cost()).isEqualByComparingTo("0.0002");
  }
}
