package io.fiso.controlplane.kafka;

import io.fiso.avro.ProviderStats;
import io.fiso.controlplane.backend.BackendUnavailableException;
import io.fiso.controlplane.backend.ProvidersBackend;
import java.util.List;

/**
 * The default {@link ProvidersBackend}: the latest record of every key of the compacted {@code
 * fiso.provider-stats} topic, which the cost-ingestor writes.
 */
public final class TopicProvidersBackend implements ProvidersBackend, AutoCloseable {

  private final CompactedTopicView<ProviderStats> view;

  public TopicProvidersBackend(CompactedTopicView<ProviderStats> view) {
    this.view = view;
  }

  @Override
  public List<ProviderStats> stats() {
    if (!view.loaded()) {
      throw new BackendUnavailableException(
          "Provider statistics are still loading: " + view.readiness("provider-stats").detail());
    }
    return List.copyOf(view.snapshot().values());
  }

  @Override
  public void close() {
    view.close();
  }
}
