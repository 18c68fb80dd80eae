package io.fiso.costs.rollup;

import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationStatus;
import io.fiso.costs.state.StateSerde;
import java.math.BigDecimal;

/** What a rollup counts of one cost event. */
public record RollupSample(
    BigDecimal cost,
    BigDecimal effectiveCost,
    double durationMs,
    long billedDurationMs,
    boolean error,
    boolean estimated) {

  public static final StateSerde<RollupSample> SERDE =
      new StateSerde<>(
          "rollup sample",
          1,
          (s, out) -> {
            StateSerde.writeDecimal(out, s.cost);
            StateSerde.writeDecimal(out, s.effectiveCost);
            out.writeDouble(s.durationMs);
            out.writeLong(s.billedDurationMs);
            out.writeBoolean(s.error);
            out.writeBoolean(s.estimated);
          },
          (format, in) ->
              new RollupSample(
                  StateSerde.readDecimal(in),
                  StateSerde.readDecimal(in),
                  in.readDouble(),
                  in.readLong(),
                  in.readBoolean(),
                  in.readBoolean()));

  public static RollupSample of(CostEvent e) {
    return new RollupSample(
        e.getBilledCost(),
        e.getEffectiveCost(),
        e.getDurationMs(),
        e.getBilledDurationMs(),
        e.getStatus() != InvocationStatus.SUCCEEDED,
        e.getEstimated());
  }
}
