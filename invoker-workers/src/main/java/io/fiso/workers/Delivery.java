package io.fiso.workers;

import java.time.Instant;
import java.util.Map;

/**
 * One delivery of a record from a routed topic, as raw bytes (decoding is the processor's job, so
 * that an undecodable record can be dead-lettered whole).
 *
 * @param deliveryCount 1 for the first delivery; share groups count redeliveries
 * @param lastAttempt whether a failure now must end the invocation rather than release it
 */
record Delivery(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    byte[] key,
    byte[] value,
    Map<String, byte[]> headers,
    int deliveryCount,
    boolean lastAttempt) {

  String coordinates() {
    return topic + "-" + partition + "@" + offset;
  }
}
