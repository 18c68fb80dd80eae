package io.fiso.pricing.billing;

import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import java.util.List;

/**
 * Azure Functions Consumption plan: executions plus GB-seconds. Memory is rounded up to the next
 * 128 MB, at least 128 MB and at most 1,536 MB (the plan's instance size: larger configured figures
 * are capped); duration is rounded up to 100 ms, at least 100 ms (all from the sheet).
 *
 * <p>Azure bills the memory it <em>observes</em>; the caller cannot see that figure, so FISO uses
 * the target's configured memory as the observed one. Every Azure charge is an estimate.
 */
public final class AzureConsumptionBilling implements BillingRule {

  @Override
  public Provider provider() {
    return Provider.AZURE;
  }

  @Override
  public Charge price(Usage usage, PriceSheet sheet) {
    Metering.requireApplies(sheet, usage);
    int memory =
        Math.min(
            sheet.getMaximumMemoryMb(),
            Math.max(
                sheet.getMinimumMemoryMb(),
                Metering.roundUp(usage.memoryMb(), sheet.getMemoryRoundingMb())));
    long billedMs = Metering.billedDurationMs(usage.durationMs(), sheet);
    PriceComponent executions = PriceSheets.component(sheet, Units.REQUESTS);
    PriceComponent gbSeconds = PriceSheets.component(sheet, Units.GB_SECONDS);
    List<ChargeLine> lines =
        List.of(
            Metering.requests(executions, usage),
            Metering.sizeTime(
                gbSeconds,
                Units.GB_SECONDS,
                Metering.gigabytes(memory),
                Metering.gigabytes(usage.memoryMb()),
                billedMs,
                usage,
                "Execution time: "
                    + memory
                    + " MB ("
                    + usage.memoryMb()
                    + " MB configured) × "
                    + Metering.durations(billedMs, usage)));
    return Charge.of(
        usage,
        sheet.getService(),
        PriceSheets.skuId(sheet),
        sheet.getCurrency(),
        lines,
        billedMs,
        memory,
        null,
        true,
        sheet.getVersion());
  }

  @Override
  public void validate(PriceSheet sheet) {
    PriceSheets.component(sheet, Units.REQUESTS);
    PriceSheets.component(sheet, Units.GB_SECONDS);
  }
}
