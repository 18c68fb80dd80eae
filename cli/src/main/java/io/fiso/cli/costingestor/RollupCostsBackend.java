package io.fiso.cli.costingestor;

import io.fiso.controlplane.backend.BackendUnavailableException;
import io.fiso.controlplane.backend.CostDimension;
import io.fiso.controlplane.backend.CostQuery;
import io.fiso.controlplane.backend.CostReport;
import io.fiso.controlplane.backend.CostsBackend;
import io.fiso.costs.CostIngestorApp;
import io.fiso.costs.rollup.CostRollupQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Answers the control plane's {@code GET /api/v1/costs} from the cost-ingestor's rollups
 * (interactive queries on the minute and hour window stores), for processes that run both, such as
 * {@code fiso dev}. A cost-ingestor instance answers from the partitions it hosts: with a single
 * instance that is every cost event.
 */
public final class RollupCostsBackend implements CostsBackend {

  static final String SOURCE = "cost-ingestor rollups";

  private final Supplier<CostRollupQueries> queries;

  public RollupCostsBackend(Supplier<CostRollupQueries> queries) {
    this.queries = Objects.requireNonNull(queries, "queries");
  }

  /** The rollups of a running cost-ingestor; 503 while it is not running. */
  public static RollupCostsBackend of(CostIngestorApp app) {
    return new RollupCostsBackend(
        () -> {
          KafkaStreams.State state = app.streams().state();
          if (state != KafkaStreams.State.RUNNING) {
            throw new BackendUnavailableException(
                "The cost-ingestor is " + state + ", not RUNNING: its rollups answer once it runs");
          }
          return app.rollups();
        });
  }

  @Override
  public CostReport costs(CostQuery query) {
    String groupBy =
        query.groupBy().stream().map(CostDimension::id).collect(Collectors.joining(","));
    List<CostRollupQueries.GroupTotal> totals;
    try {
      totals = queries.get().totals(query.from(), query.to(), groupBy);
    } catch (InvalidStateStoreException e) {
      throw new BackendUnavailableException(
          "The cost-ingestor's rollups cannot be read now (" + e.getMessage() + "); retry shortly",
          e);
    }
    List<CostReport.Group> groups =
        totals.stream()
            .map(
                t ->
                    new CostReport.Group(
                        key(t.key()),
                        t.totals().cost(),
                        t.totals().effectiveCost(),
                        t.totals().count(),
                        t.totals().estimated() > 0))
            .toList();
    return new CostReport(query.from(), query.to(), query.groupBy(), groups, SOURCE);
  }

  /** The API names providers in lower case (aws, azure, gcp); the rollups keep AWS, AZURE, GCP. */
  private static Map<String, String> key(Map<String, String> rollupKey) {
    Map<String, String> key = new LinkedHashMap<>();
    rollupKey.forEach(
        (dimension, value) ->
            key.put(
                dimension, dimension.equals("provider") ? value.toLowerCase(Locale.ROOT) : value));
    return key;
  }
}
