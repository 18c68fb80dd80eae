package io.fiso.pricing.billing;

import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import java.util.List;

/**
 * AWS Lambda on-demand: requests plus GB-seconds, {@code GB-s = memoryMb/1024 × billedMs/1000}.
 * Duration rounds up to the sheet's rounding (1 ms), at least 1 ms. When the invocation's REPORT
 * line gave the billed duration, that figure is used and the charge is exact ({@code estimated =
 * false}). Memory must be within the plan's 128–10,240 MB.
 */
public final class AwsLambdaBilling implements BillingRule {

  @Override
  public Provider provider() {
    return Provider.AWS;
  }

  @Override
  public Charge price(Usage usage, PriceSheet sheet) {
    Metering.requireApplies(sheet, usage);
    int memory = Metering.memoryWithinLimits(usage, sheet);
    boolean exact = usage.hasReportedBilledDuration();
    long billedMs =
        exact ? usage.billedDurationMs() : Metering.billedDurationMs(usage.durationMs(), sheet);
    PriceComponent requests = PriceSheets.component(sheet, Units.REQUESTS);
    PriceComponent gbSeconds = PriceSheets.component(sheet, Units.GB_SECONDS);
    List<ChargeLine> lines =
        List.of(
            Metering.requests(requests, usage),
            Metering.sizeTime(
                gbSeconds,
                Units.GB_SECONDS,
                Metering.gigabytes(memory),
                Metering.gigabytes(usage.memoryMb()),
                billedMs,
                usage,
                "Duration: " + memory + " MB × " + Metering.durations(billedMs, usage)));
    return Charge.of(
        usage,
        sheet.getService(),
        PriceSheets.skuId(sheet),
        sheet.getCurrency(),
        lines,
        billedMs,
        memory,
        null,
        !exact,
        sheet.getVersion());
  }

  @Override
  public void validate(PriceSheet sheet) {
    PriceSheets.component(sheet, Units.REQUESTS);
    PriceSheets.component(sheet, Units.GB_SECONDS);
  }
}
