package io.fiso.pricing.billing;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one invocation (or {@code requests} identical invocations) used, as input to a {@link
 * BillingRule}.
 *
 * @param provider the provider that ran it
 * @param region the provider's region id
 * @param architecture x86_64 or arm64
 * @param memoryMb configured memory in MB (MiB for Google); Azure bills observed memory, FISO uses
 *     the configured figure as the observed one
 * @param durationMs run time: the provider's report (AWS REPORT {@code Duration}) or as measured
 * @param billedDurationMs the billed duration the provider reported (AWS REPORT {@code Billed
 *     Duration}), or null; only AWS reports it, so it must be null for other providers. When set,
 *     the cost is exact rather than estimated
 * @param vcpu vCPUs allocated (Google only, at most 3 decimals); null = derived from memory by
 *     {@link GoogleCpuAllocation}; ignored by AWS and Azure
 * @param requests how many invocations of this shape, at least 1
 */
public record Usage(
    Provider provider,
    String region,
    Architecture architecture,
    int memoryMb,
    double durationMs,
    Long billedDurationMs,
    BigDecimal vcpu,
    long requests) {

  public Usage {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(architecture, "architecture");
    if (region.isBlank()) {
      throw new InvalidUsageException("region is blank");
    }
    if (memoryMb <= 0) {
      throw new InvalidUsageException("memoryMb must be positive, was " + memoryMb);
    }
    if (!Double.isFinite(durationMs) || durationMs < 0) {
      throw new InvalidUsageException("durationMs must be a finite number >= 0, was " + durationMs);
    }
    if (billedDurationMs != null) {
      if (provider != Provider.AWS) {
        throw new InvalidUsageException(
            "billedDurationMs is reported only by AWS Lambda; pass null for " + provider);
      }
      if (billedDurationMs < 0) {
        throw new InvalidUsageException("billedDurationMs must be >= 0, was " + billedDurationMs);
      }
    }
    if (vcpu != null) {
      if (vcpu.signum() <= 0) {
        throw new InvalidUsageException("vcpu must be positive, was " + vcpu.toPlainString());
      }
      if (vcpu.stripTrailingZeros().scale() > 3) {
        throw new InvalidUsageException(
            "vcpu has at most 3 decimals (FunctionTarget.vcpu is decimal(9,3)), was "
                + vcpu.toPlainString());
      }
    }
    if (requests < 1) {
      throw new InvalidUsageException("requests must be >= 1, was " + requests);
    }
  }

  /** One invocation on {@code target} that ran (or is expected to run) {@code durationMs}. */
  public static Usage of(FunctionTarget target, double durationMs) {
    return new Usage(
        target.getProvider(),
        target.getRegion(),
        target.getArchitecture(),
        target.getMemoryMb(),
        durationMs,
        null,
        target.getVcpu(),
        1);
  }

  /**
   * One AWS Lambda invocation as its REPORT line describes it: {@code Duration} and {@code Billed
   * Duration}. The resulting charge is exact.
   */
  public static Usage reportedByAws(
      FunctionTarget target, double durationMs, long billedDurationMs) {
    return new Usage(
        target.getProvider(),
        target.getRegion(),
        target.getArchitecture(),
        target.getMemoryMb(),
        durationMs,
        billedDurationMs,
        target.getVcpu(),
        1);
  }

  /** The same measured duration on another target (billed duration is the other's to decide). */
  public Usage onTarget(FunctionTarget other) {
    return new Usage(
        other.getProvider(),
        other.getRegion(),
        other.getArchitecture(),
        other.getMemoryMb(),
        durationMs,
        null,
        other.getVcpu(),
        requests);
  }

  /** This usage repeated {@code count} times. */
  public Usage withRequests(long count) {
    return new Usage(
        provider, region, architecture, memoryMb, durationMs, billedDurationMs, vcpu, count);
  }

  /** Whether the provider reported the billed duration itself. */
  public boolean hasReportedBilledDuration() {
    return billedDurationMs != null;
  }
}
