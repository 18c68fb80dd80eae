package io.fiso.costs.stats;

import io.fiso.avro.FinOpsAlert;
import io.fiso.avro.ProviderStats;

/** What the statistics processor writes: a statistics record or a health alert. */
public sealed interface StatsOutput {

  record Stats(ProviderStats stats) implements StatsOutput {}

  record Alert(FinOpsAlert alert) implements StatsOutput {}
}
