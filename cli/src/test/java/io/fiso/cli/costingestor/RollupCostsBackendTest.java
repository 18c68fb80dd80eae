package io.fiso.cli.costingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.controlplane.backend.BackendUnavailableException;
import io.fiso.controlplane.backend.CostDimension;
import io.fiso.controlplane.backend.CostQuery;
import io.fiso.controlplane.backend.CostReport;
import io.fiso.costs.rollup.CostRollupQueries;
import io.fiso.costs.rollup.RollupAggregate;
import io.fiso.costs.rollup.RollupCell;
import io.fiso.costs.rollup.RollupSample;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

class RollupCostsBackendTest {

  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

  /** A window store holding a few windows, answering fetchAll as the real one does. */
  private record Windows(List<KeyValue<Windowed<RollupCell>, RollupAggregate>> entries)
      implements ReadOnlyWindowStore<RollupCell, RollupAggregate> {

    @Override
    public KeyValueIterator<Windowed<RollupCell>, RollupAggregate> fetchAll(
        Instant from, Instant to) {
      List<KeyValue<Windowed<RollupCell>, RollupAggregate>> in = new ArrayList<>();
      for (var e : entries) {
        Instant start = e.key.window().startTime();
        if (!start.isBefore(from) && !start.isAfter(to)) {
          in.add(e);
        }
      }
      Iterator<KeyValue<Windowed<RollupCell>, RollupAggregate>> it = in.iterator();
      return new KeyValueIterator<>() {
        @Override
        public void close() {}

        @Override
        public Windowed<RollupCell> peekNextKey() {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<Windowed<RollupCell>, RollupAggregate> next() {
          return it.next();
        }
      };
    }

    @Override
    public RollupAggregate fetch(RollupCell key, long time) {
      throw new UnsupportedOperationException();
    }

    @Override
    public WindowStoreIterator<RollupAggregate> fetch(RollupCell key, Instant from, Instant to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<Windowed<RollupCell>, RollupAggregate> fetch(
        RollupCell from, RollupCell to, Instant timeFrom, Instant timeTo) {
      throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<Windowed<RollupCell>, RollupAggregate> all() {
      throw new UnsupportedOperationException();
    }
  }

  private static KeyValue<Windowed<RollupCell>, RollupAggregate> hour(
      String provider, String function, String usd, boolean estimated) {
    RollupCell cell =
        new RollupCell(function, provider, "r", "svc", new TreeMap<>(Map.of("team", "a")));
    BigDecimal cost = new BigDecimal(usd);
    RollupAggregate agg =
        new RollupAggregate(0.01).add(new RollupSample(cost, cost, 100, 100, false, estimated));
    long start = T.toEpochMilli();
    return KeyValue.pair(
        new Windowed<>(cell, new TimeWindow(start, start + Duration.ofHours(1).toMillis())), agg);
  }

  @Test
  void answersTheControlPlanesCostQueriesFromTheRollups() {
    Windows hours =
        new Windows(
            List.of(
                hour("AWS", "checkout", "0.0000004166", false),
                hour("AWS", "checkout", "0.0000000001", false),
                hour("GCP", "checkout", "0.000001", true)));
    Windows minutes = new Windows(List.of());
    RollupCostsBackend backend =
        new RollupCostsBackend(
            () ->
                new CostRollupQueries(
                    g -> g == CostRollupQueries.Granularity.HOUR ? hours : minutes));

    CostReport report =
        backend.costs(
            new CostQuery(
                T,
                T.plus(Duration.ofHours(1)),
                List.of(CostDimension.PROVIDER, CostDimension.FUNCTION)));

    assertThat(report.groups())
        .extracting(CostReport.Group::key)
        .containsExactly(
            Map.of("provider", "gcp", "function", "checkout"),
            Map.of("provider", "aws", "function", "checkout"));
    CostReport.Group aws = report.groups().get(1);
    assertThat(aws.billedCostUsd()).isEqualByComparingTo("0.0000004167");
    assertThat(aws.attempts()).isEqualTo(2);
    assertThat(aws.estimated()).isFalse();
    assertThat(report.groups().get(0).estimated()).isTrue();
    assertThat(report.source()).isEqualTo("cost-ingestor rollups");
    assertThat(report.totalBilledCostUsd()).isEqualByComparingTo("0.0000014167");
  }

  @Test
  void aRebalancingStoreIsA503() {
    RollupCostsBackend backend =
        new RollupCostsBackend(
            () ->
                new CostRollupQueries(
                    g -> {
                      throw new InvalidStateStoreException("rebalancing");
                    }));
    assertThatThrownBy(
            () -> backend.costs(new CostQuery(T, T.plus(Duration.ofHours(1)), List.of())))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("retry shortly");
  }
}
