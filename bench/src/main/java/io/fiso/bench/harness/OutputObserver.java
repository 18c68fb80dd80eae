package io.fiso.bench.harness;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Looks at each measured output record of an open-loop run, e.g. to split its latency into the
 * stages the record went through, from the timestamps it carries.
 */
public interface OutputObserver {

  /**
   * Called on the tap's thread for every measured (not warm-up) record.
   *
   * @param intendedEpochMillis when the input that led to it was meant to be sent (wall clock)
   * @param readEpochMillis when the tap read it (wall clock)
   */
  void observe(
      ConsumerRecord<byte[], byte[]> record, long intendedEpochMillis, long readEpochMillis);

  /** The latency of each stage, in the order a record goes through them; none without records. */
  Map<String, Latencies> stages();
}
