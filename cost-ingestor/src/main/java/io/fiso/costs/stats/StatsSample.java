package io.fiso.costs.stats;

import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.costs.state.StateSerde;
import java.math.BigDecimal;

/**
 * What the statistics need of one cost event, repartitioned by {@code function/provider/region}.
 */
public record StatsSample(
    String function,
    Provider provider,
    String region,
    InvocationStatus status,
    boolean coldStart,
    double durationMs,
    double latencyMs,
    long billedDurationMs,
    BigDecimal cost) {

  public static final StateSerde<StatsSample> SERDE =
      new StateSerde<>(
          "stats sample",
          1,
          (s, out) -> {
            out.writeUTF(s.function);
            out.writeUTF(s.provider.name());
            out.writeUTF(s.region);
            out.writeUTF(s.status.name());
            out.writeBoolean(s.coldStart);
            out.writeDouble(s.durationMs);
            out.writeDouble(s.latencyMs);
            out.writeLong(s.billedDurationMs);
            StateSerde.writeDecimal(out, s.cost);
          },
          (format, in) ->
              new StatsSample(
                  in.readUTF(),
                  Provider.valueOf(in.readUTF()),
                  in.readUTF(),
                  InvocationStatus.valueOf(in.readUTF()),
                  in.readBoolean(),
                  in.readDouble(),
                  in.readDouble(),
                  in.readLong(),
                  StateSerde.readDecimal(in)));

  public static StatsSample of(CostEvent e) {
    return new StatsSample(
        e.getFunction(),
        e.getProvider(),
        e.getRegionId(),
        e.getStatus(),
        e.getColdStart(),
        e.getDurationMs(),
        e.getLatencyMs(),
        e.getBilledDurationMs(),
        e.getBilledCost());
  }

  /** The key on fiso.provider-stats. */
  public String key() {
    return ProviderStatsKeys.of(function, provider, region);
  }

  /** FUNCTION_ERROR, FAILED and TIMED_OUT count as errors (ProviderStats.errorRate). */
  public boolean error() {
    return status == InvocationStatus.FUNCTION_ERROR
        || status == InvocationStatus.FAILED
        || status == InvocationStatus.TIMED_OUT;
  }

  public boolean throttled() {
    return status == InvocationStatus.THROTTLED;
  }
}
