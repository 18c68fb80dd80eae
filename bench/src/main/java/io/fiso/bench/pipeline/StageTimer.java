package io.fiso.bench.pipeline;

import io.fiso.avro.InvocationResult;
import io.fiso.bench.harness.Latencies;
import io.fiso.bench.harness.OutputObserver;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Splits an invocation's time in the pipeline into the stages its result's timestamps mark
 * (milliseconds, the precision of those timestamps): sent → routed (the load producer, the broker,
 * the router), routed → call started (the router's producer, the share group, the worker), the
 * provider call, and completed → result read (the worker's producer, the broker, the reader).
 */
final class StageTimer implements OutputObserver {

  static final List<String> STAGES =
      List.of("sent → routed", "routed → call started", "call", "completed → result read");

  private final String resultsTopic;
  private final AvroDeserializer<InvocationResult> results;
  private final Histogram[] histograms = new Histogram[STAGES.size()];

  StageTimer(SchemaRegistryClient registry, String resultsTopic) {
    this.resultsTopic = resultsTopic;
    this.results = new AvroDeserializer<>(registry, InvocationResult.class);
    for (int i = 0; i < histograms.length; i++) {
      histograms[i] = Latencies.newHistogram();
    }
  }

  @Override
  public void observe(
      ConsumerRecord<byte[], byte[]> record, long intendedEpochMillis, long readEpochMillis) {
    if (!record.topic().equals(resultsTopic)) {
      return;
    }
    InvocationResult r = results.deserialize(record);
    Instant routed = r.getRoutedAt();
    Instant started = r.getStartedAt();
    if (routed == null || started == null) {
      return; // not routed or never called: no stages to time
    }
    long completed = r.getCompletedAt().toEpochMilli();
    long[] ms = {
      routed.toEpochMilli() - intendedEpochMillis,
      started.toEpochMilli() - routed.toEpochMilli(),
      completed - started.toEpochMilli(),
      readEpochMillis - completed
    };
    synchronized (histograms) {
      for (int i = 0; i < ms.length; i++) {
        Histogram h = histograms[i];
        // 0 ms (below the timestamps' precision) is recorded as 1 µs.
        h.recordValue(Math.min(Math.max(1, ms[i] * 1000), h.getHighestTrackableValue()));
      }
    }
  }

  @Override
  public Map<String, Latencies> stages() {
    Map<String, Latencies> out = new LinkedHashMap<>();
    synchronized (histograms) {
      for (int i = 0; i < histograms.length; i++) {
        if (histograms[i].getTotalCount() > 0) {
          out.put(STAGES.get(i), Latencies.of(histograms[i].copy()));
        }
      }
    }
    return out;
  }
}
