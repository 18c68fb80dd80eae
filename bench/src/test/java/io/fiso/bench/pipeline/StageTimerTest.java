package io.fiso.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.bench.harness.Latencies;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class StageTimerTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<InvocationResult> serializer =
      new AvroSerializer<>(registry, false, true);

  @Test
  void splitsEachResultsTimeIntoItsStages() {
    StageTimer timer = new StageTimer(registry, "run.fiso.results");
    long sent = 1_000_000;
    // sent at +0, routed at +2, call started at +9, completed at +12, read at +16 (ms)
    timer.observe(
        record("run.fiso.results", result(sent + 2, sent + 9, sent + 12)), sent, sent + 16);

    Map<String, Latencies> stages = timer.stages();

    assertThat(stages.keySet()).containsExactlyElementsOf(StageTimer.STAGES);
    // HdrHistogram keeps three significant digits
    assertThat(List.copyOf(stages.values()))
        .extracting(Latencies::p50)
        .usingElementComparator((a, b) -> Math.abs(a - b) < 0.01 ? 0 : Double.compare(a, b))
        .containsExactly(2.0, 7.0, 3.0, 4.0);
    assertThat(stages.values()).allSatisfy(l -> assertThat(l.count()).isEqualTo(1));
  }

  @Test
  void ignoresOtherTopicsAndResultsThatWereNeverCalled() {
    StageTimer timer = new StageTimer(registry, "run.fiso.results");
    long sent = 1_000_000;
    timer.observe(record("run.fiso.dlq", new byte[] {1, 2, 3}), sent, sent + 5);
    InvocationResult rejected = result(sent + 2, sent + 9, sent + 12);
    rejected.setStartedAt(null);
    timer.observe(record("run.fiso.results", rejected), sent, sent + 5);

    assertThat(timer.stages()).isEmpty();
  }

  private ConsumerRecord<byte[], byte[]> record(String topic, InvocationResult value) {
    return record(topic, serializer.serialize(topic, value));
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
    return new ConsumerRecord<>(topic, 0, 0L, new byte[0], value);
  }

  private static InvocationResult result(long routed, long started, long completed) {
    return InvocationResult.newBuilder()
        .setInvocationId("i-1")
        .setFunction("fiso-sample")
        .setStatus(InvocationStatus.SUCCEEDED)
        .setStatusCode(200)
        .setRequestedAt(Instant.ofEpochMilli(routed - 50))
        .setRoutedAt(Instant.ofEpochMilli(routed))
        .setStartedAt(Instant.ofEpochMilli(started))
        .setCompletedAt(Instant.ofEpochMilli(completed))
        .build();
  }
}
