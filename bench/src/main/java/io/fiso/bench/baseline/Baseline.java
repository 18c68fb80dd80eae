package io.fiso.bench.baseline;

import io.fiso.bench.harness.BenchCluster;
import io.fiso.bench.harness.Guarantee;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * How a passthrough baseline runs: the settings it shares with the system it is compared with
 * (guarantee, commit interval, producer linger and settings, output partitions), its threads, and
 * the bytes it appends to every value it writes (none: the records are copied unchanged).
 *
 * @param producerSettings producer settings on top of the linger (e.g. the batch size and
 *     compression of the system it is compared with), without the {@code producer.} prefix
 * @param threads consumer loops (each with its own producer) or stream threads
 * @param suffix appended to every value written, e.g. the bytes of a routing decision so that the
 *     baseline writes as many bytes per record as the router
 */
public record Baseline(
    BenchCluster cluster,
    Guarantee guarantee,
    Duration commitInterval,
    Duration linger,
    int outputPartitions,
    Map<String, Object> producerSettings,
    int threads,
    byte[] suffix) {

  public Baseline {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    producerSettings = Map.copyOf(producerSettings);
    suffix = suffix.clone();
  }

  /** One thread, records copied unchanged. */
  public static Baseline of(
      BenchCluster cluster,
      Guarantee guarantee,
      Duration commitInterval,
      Duration linger,
      int outputPartitions,
      Map<String, Object> producerSettings) {
    return new Baseline(
        cluster,
        guarantee,
        commitInterval,
        linger,
        outputPartitions,
        producerSettings,
        1,
        new byte[0]);
  }

  public Baseline withThreads(int n) {
    return new Baseline(
        cluster, guarantee, commitInterval, linger, outputPartitions, producerSettings, n, suffix);
  }

  public Baseline withSuffix(byte[] bytes) {
    return new Baseline(
        cluster,
        guarantee,
        commitInterval,
        linger,
        outputPartitions,
        producerSettings,
        threads,
        bytes);
  }

  /** {@code system, guarantee} and, when it appends bytes, how many. */
  String name(String system) {
    return system
        + ", "
        + guarantee
        + (suffix.length == 0 ? "" : ", +" + suffix.length + " bytes per record");
  }

  /** {@code value} with the suffix appended; {@code value} itself when there is none. */
  byte[] append(byte[] value) {
    if (suffix.length == 0 || value == null) {
      return value;
    }
    byte[] out = Arrays.copyOf(value, value.length + suffix.length);
    System.arraycopy(suffix, 0, out, value.length, suffix.length);
    return out;
  }
}
