package io.fiso.workers.invoke;

/**
 * What a provider reported about a run (AWS Lambda's REPORT line) or nothing (Azure, Google: the
 * worker measures the round trip and prices it by the provider's published rules).
 *
 * @param durationMs the run time the provider reported, or null
 * @param billedDurationMs the duration the provider billed, or null (only AWS reports it)
 * @param memorySizeMb the configured memory the provider reported, or null
 * @param maxMemoryUsedMb the peak memory the provider reported, or null
 * @param initDurationMs the initialisation time of a cold start, or null (warm, or not reported)
 */
public record Metering(
    Double durationMs,
    Long billedDurationMs,
    Integer memorySizeMb,
    Integer maxMemoryUsedMb,
    Double initDurationMs) {

  /** Nothing reported. */
  public static final Metering NONE = new Metering(null, null, null, null, null);

  /** Whether the provider's own billing report is behind these figures. */
  public boolean reportedByProvider() {
    return billedDurationMs != null;
  }
}
