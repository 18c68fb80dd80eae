package io.fiso.controlplane.backend;

import io.fiso.avro.ProviderStats;
import java.util.List;

/**
 * Answers {@code GET /api/v1/providers}: the measured statistics and health of every
 * function/provider/region the cost-ingestor has seen. The API groups them per provider. The
 * default implementation reads the compacted {@code fiso.provider-stats} topic; {@code fiso dev}
 * may answer from the cost-ingestor's store instead.
 */
@FunctionalInterface
public interface ProvidersBackend {

  /**
   * The latest statistics, one per function/provider/region.
   *
   * @throws BackendUnavailableException when they cannot be read now (answered 503)
   */
  List<ProviderStats> stats();
}
