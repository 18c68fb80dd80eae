package io.fiso.controlplane.backend;

/**
 * Answers {@code GET /api/v1/costs}. In {@code fiso dev} the lead's wiring implements it with the
 * cost-ingestor's rollups (Kafka Streams interactive queries).
 */
@FunctionalInterface
public interface CostsBackend {

  /**
   * The costs of a period, grouped.
   *
   * @throws IllegalArgumentException when the query asks for a grouping this backend cannot give
   *     (answered 400 with the message)
   * @throws BackendUnavailableException when the rollups cannot be read now (answered 503)
   */
  CostReport costs(CostQuery query);

  /** A backend that always answers 503 with {@code reason}: what to run or wire to get costs. */
  static CostsBackend unavailable(String reason) {
    return query -> {
      throw new BackendUnavailableException(reason);
    };
  }
}
