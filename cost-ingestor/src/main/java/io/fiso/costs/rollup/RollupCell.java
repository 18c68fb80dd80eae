package io.fiso.costs.rollup;

import io.fiso.avro.CostEvent;
import io.fiso.costs.state.StateSerde;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The finest grain the rollups keep: one function on one provider, region and service with one set
 * of labels. Each window holds one aggregate per cell seen in it; any grouping (provider, function,
 * region, service, label:KEY, day, hour, or several) is a sum over cells at query time. Labels are
 * part of the cell, so keep them to low-cardinality FinOps keys (team, project, environment, cost
 * centre), not per-request values.
 */
public record RollupCell(
    String function,
    String provider,
    String region,
    String service,
    SortedMap<String, String> labels) {

  public RollupCell {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(service, "service");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  public static RollupCell of(CostEvent e) {
    return new RollupCell(
        e.getFunction(),
        e.getProvider().name(),
        e.getRegionId(),
        e.getServiceName(),
        e.getTags() == null ? new TreeMap<>() : new TreeMap<>(e.getTags()));
  }

  /**
   * Serialized with the labels sorted, so that the same cell always has the same bytes (and lands
   * on the same partition).
   */
  public static final StateSerde<RollupCell> SERDE =
      new StateSerde<>(
          "rollup cell",
          1,
          (c, out) -> {
            out.writeUTF(c.function);
            out.writeUTF(c.provider);
            out.writeUTF(c.region);
            out.writeUTF(c.service);
            out.writeInt(c.labels.size());
            for (Map.Entry<String, String> l : c.labels.entrySet()) {
              out.writeUTF(l.getKey());
              out.writeUTF(l.getValue());
            }
          },
          (format, in) -> {
            String function = in.readUTF();
            String provider = in.readUTF();
            String region = in.readUTF();
            String service = in.readUTF();
            int n = in.readInt();
            TreeMap<String, String> labels = new TreeMap<>();
            for (int i = 0; i < n; i++) {
              labels.put(in.readUTF(), in.readUTF());
            }
            return new RollupCell(function, provider, region, service, labels);
          });
}
