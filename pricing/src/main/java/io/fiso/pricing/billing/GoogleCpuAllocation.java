package io.fiso.pricing.billing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The vCPU Google allocates to a Cloud Run function (Cloud Functions 2nd gen) when none is set: a
 * step function of the memory limit, from Google's table "Configure memory and vCPU limits"
 * (https://cloud.google.com/functions/docs/configuring/memory, read 2026-11-01).
 *
 * <pre>
 * memory (MiB)  128   256   512   1024  2048  4096  8192  16384  32768
 * vCPU          .083  .167  .333  .583  1     2     2     4      8
 * </pre>
 *
 * A memory between two rows gets the next row up (e.g. 768 MiB → .583 vCPU).
 */
public final class GoogleCpuAllocation {

  /** Where the table comes from. */
  public static final String SOURCE = "https://cloud.google.com/functions/docs/configuring/memory";

  private static final NavigableMap<Integer, BigDecimal> TABLE =
      Collections.unmodifiableNavigableMap(
          new TreeMap<>(
              Map.of(
                  128, new BigDecimal("0.083"),
                  256, new BigDecimal("0.167"),
                  512, new BigDecimal("0.333"),
                  1024, new BigDecimal("0.583"),
                  2048, new BigDecimal("1"),
                  4096, new BigDecimal("2"),
                  8192, new BigDecimal("2"),
                  16384, new BigDecimal("4"),
                  32768, new BigDecimal("8"))));

  private GoogleCpuAllocation() {}

  /** The table: memory limit in MiB → vCPU. */
  public static NavigableMap<Integer, BigDecimal> table() {
    return TABLE;
  }

  /**
   * vCPU for a function with {@code memoryMb} MiB and no explicit vCPU.
   *
   * @throws InvalidUsageException above the table's largest row (32,768 MiB)
   */
  public static BigDecimal defaultVcpu(int memoryMb) {
    Map.Entry<Integer, BigDecimal> row = TABLE.ceilingEntry(memoryMb);
    if (row == null) {
      throw new InvalidUsageException(
          "memoryMb "
              + memoryMb
              + " is above the largest Cloud Run functions memory limit "
              + TABLE.lastKey()
              + " MiB; set vcpu explicitly or lower memoryMb");
    }
    return row.getValue();
  }
}
