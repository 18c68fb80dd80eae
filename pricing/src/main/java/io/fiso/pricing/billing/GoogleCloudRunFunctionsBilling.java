package io.fiso.pricing.billing;

import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import java.util.List;

/**
 * Google Cloud Run functions (Cloud Functions 2nd gen), request-based billing: requests plus
 * vCPU-seconds plus GiB-seconds. Duration is rounded up to 100 ms (from the sheet); GiB = memoryMb
 * / 1024 (FISO's memoryMb is read as MiB); vCPU is the target's, or {@link
 * GoogleCpuAllocation#defaultVcpu} of its memory when unset. Memory must be within the plan's
 * limits (128–32,768 MiB). Every Google charge is an estimate.
 */
public final class GoogleCloudRunFunctionsBilling implements BillingRule {

  @Override
  public Provider provider() {
    return Provider.GCP;
  }

  @Override
  public Charge price(Usage usage, PriceSheet sheet) {
    Metering.requireApplies(sheet, usage);
    int memory = Metering.memoryWithinLimits(usage, sheet);
    BigDecimal vcpu =
        usage.vcpu() != null ? usage.vcpu() : GoogleCpuAllocation.defaultVcpu(usage.memoryMb());
    long billedMs = Metering.billedDurationMs(usage.durationMs(), sheet);
    PriceComponent requests = PriceSheets.component(sheet, Units.REQUESTS);
    PriceComponent vcpuSeconds = PriceSheets.component(sheet, Units.VCPU_SECONDS);
    PriceComponent gibSeconds = PriceSheets.component(sheet, Units.GIB_SECONDS);
    String time = Metering.durations(billedMs, usage);
    List<ChargeLine> lines =
        List.of(
            Metering.requests(requests, usage),
            Metering.sizeTime(
                vcpuSeconds,
                Units.VCPU_SECONDS,
                vcpu,
                vcpu,
                billedMs,
                usage,
                "CPU: " + vcpu.toPlainString() + " vCPU × " + time),
            Metering.sizeTime(
                gibSeconds,
                Units.GIB_SECONDS,
                Metering.gigabytes(memory),
                Metering.gigabytes(usage.memoryMb()),
                billedMs,
                usage,
                "Memory: " + memory + " MiB × " + time));
    return Charge.of(
        usage,
        sheet.getService(),
        PriceSheets.skuId(sheet),
        sheet.getCurrency(),
        lines,
        billedMs,
        memory,
        vcpu,
        true,
        sheet.getVersion());
  }

  @Override
  public void validate(PriceSheet sheet) {
    PriceSheets.component(sheet, Units.REQUESTS);
    PriceSheets.component(sheet, Units.VCPU_SECONDS);
    PriceSheets.component(sheet, Units.GIB_SECONDS);
  }
}
