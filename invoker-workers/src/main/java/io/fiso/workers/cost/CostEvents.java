package io.fiso.workers.cost;

import io.fiso.avro.Alternative;
import io.fiso.avro.CostEvent;
import io.fiso.avro.Counterfactual;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.pricing.CostRecords;
import io.fiso.pricing.PriceLookup;
import io.fiso.pricing.Pricer;
import io.fiso.pricing.billing.Charge;
import io.fiso.pricing.billing.Decimals;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.PricingException;
import io.fiso.pricing.billing.Usage;
import io.fiso.workers.invoke.CallOutcome;
import io.fiso.workers.invoke.Metering;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prices one provider call with the pricing module and builds its FOCUS-aligned {@link CostEvent}.
 *
 * <ul>
 *   <li>AWS calls with a REPORT line are priced from its Billed Duration and Memory Size: exact
 *       ({@code estimated=false}). Every other charge is an estimate from the measured round trip
 *       and the provider's published rules.
 *   <li>An ASYNC call's run time is not observed: it is priced at one minimum billed duration (a
 *       lower bound), said so in the charge description.
 *   <li>Calls the provider does not bill (throttled, refused, failed before running) cost zero and
 *       have no lines; they are still recorded, feeding the error and throttle rates.
 *   <li>Counterfactuals price the same run on every other eligible target the router considered.
 * </ul>
 */
public final class CostEvents {

  private final PriceLookup prices;
  private final Pricer pricer;

  public CostEvents(PriceLookup prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
    this.pricer = new Pricer(prices);
  }

  /**
   * The cost event of call number {@code attempt} of {@code routed}.
   *
   * @param eventId unique per call: invocationId/attempt (plus a redelivery suffix)
   * @throws PricingException when a billed call cannot be priced (no price sheet, memory outside
   *     the plan): never priced as zero
   */
  public AttemptCost build(
      RoutedInvocation routed, int attempt, String eventId, CallOutcome outcome) {
    FunctionTarget target = routed.getDecision().getTarget();
    CostEvent.Builder event =
        CostEvent.newBuilder()
            .setEventId(eventId)
            .setInvocationId(routed.getRequest().getInvocationId())
            .setFunction(routed.getRequest().getFunction())
            .setAttempt(attempt)
            .setResourceId(resourceId(routed))
            .setChargeCategory("Usage")
            .setChargePeriodStart(outcome.startedAt())
            .setChargePeriodEnd(outcome.completedAt())
            .setTags(new java.util.HashMap<>(routed.getRequest().getLabels()))
            .setStatus(status(outcome.kind()))
            .setLatencyMs(outcome.latencyMs())
            .setMaxMemoryUsedMb(outcome.metering().maxMemoryUsedMb())
            .setColdStart(outcome.coldStart())
            .setCounterfactuals(List.of());
    if (!outcome.kind().billed()) {
      return unbilled(event, target, outcome);
    }
    boolean async = routed.getRequest().getMode() == InvocationMode.ASYNC;
    Usage usage = usage(target, outcome, async);
    Charge charge = pricer.price(usage);
    CostRecords.applyCharge(event, charge);
    if (async) {
      event.setChargeDescription(
          CostRecords.description(charge)
              + "; ASYNC: the run time is not observed, priced at the minimum billed duration");
    }
    event.setCounterfactuals(counterfactuals(routed, usage));
    return new AttemptCost(
        event.build(), charge.listCost(), charge.estimated(), charge.billedDurationMs());
  }

  private static Usage usage(FunctionTarget target, CallOutcome outcome, boolean async) {
    Metering m = outcome.metering();
    if (target.getProvider() == Provider.AWS && m.reportedByProvider()) {
      return new Usage(
          Provider.AWS,
          target.getRegion(),
          target.getArchitecture(),
          m.memorySizeMb() != null ? m.memorySizeMb() : target.getMemoryMb(),
          m.durationMs() != null ? m.durationMs() : outcome.latencyMs(),
          m.billedDurationMs(),
          null,
          1);
    }
    return Usage.of(target, async ? 0.0 : outcome.durationMs());
  }

  private List<Counterfactual> counterfactuals(RoutedInvocation routed, Usage usage) {
    FunctionTarget chosen = routed.getDecision().getTarget();
    List<FunctionTarget> others = new ArrayList<>();
    for (Alternative alternative : routed.getDecision().getAlternatives()) {
      FunctionTarget t = alternative.getTarget();
      if (alternative.getEligible() && !sameDeployment(t, chosen)) {
        others.add(t);
      }
    }
    return others.isEmpty() ? List.of() : pricer.counterfactuals(usage, others);
  }

  private static boolean sameDeployment(FunctionTarget a, FunctionTarget b) {
    return a.getProvider() == b.getProvider()
        && a.getRegion().equals(b.getRegion())
        && a.getTarget().equals(b.getTarget());
  }

  private AttemptCost unbilled(
      CostEvent.Builder event, FunctionTarget target, CallOutcome outcome) {
    PriceSheet sheet = null;
    try {
      sheet = prices.sheetFor(target.getProvider(), target.getRegion(), target.getArchitecture());
    } catch (PricingException noSheet) {
      // an unbilled call needs no price: name the service generically
    }
    BigDecimal zero = Decimals.money(BigDecimal.ZERO);
    event
        .setProvider(target.getProvider())
        .setRegionId(target.getRegion())
        .setServiceName(sheet != null ? sheet.getService() : serviceName(target.getProvider()))
        .setSkuId(sheet != null ? PriceSheets.skuId(sheet) : "")
        .setChargeDescription(
            "Not billed: "
                + (outcome.kind() == CallOutcome.Kind.THROTTLED
                    ? "the provider throttled the call"
                    : "the call failed before the function ran")
                + " ("
                + outcome.statusCode()
                + (outcome.errorType() == null ? "" : " " + outcome.errorType())
                + ")")
        .setBillingCurrency(sheet != null ? sheet.getCurrency() : "USD")
        .setBilledCost(zero)
        .setEffectiveCost(zero)
        .setListCost(zero)
        .setLines(List.of())
        .setDurationMs(0.0)
        .setBilledDurationMs(0L)
        .setMemoryMb(target.getMemoryMb())
        .setArchitecture(target.getArchitecture())
        .setEstimated(true)
        .setPriceSheetVersion(sheet != null ? sheet.getVersion() : 0L);
    return new AttemptCost(event.build(), BigDecimal.ZERO, true, 0L);
  }

  /** FOCUS ResourceId: the ARN / URL called, or the Pub/Sub topic of an ASYNC Google call. */
  static String resourceId(RoutedInvocation routed) {
    FunctionTarget target = routed.getDecision().getTarget();
    if (target.getProvider() == Provider.GCP
        && routed.getRequest().getMode() == InvocationMode.ASYNC
        && target.getAsyncTarget() != null) {
      return target.getAsyncTarget();
    }
    return target.getTarget();
  }

  static String serviceName(Provider provider) {
    return switch (provider) {
      case AWS -> "AWS Lambda";
      case AZURE -> "Azure Functions";
      case GCP -> "Cloud Run functions";
    };
  }

  /** The status of one attempt, as a cost event records it. */
  public static InvocationStatus status(CallOutcome.Kind kind) {
    return switch (kind) {
      case SUCCEEDED, ACCEPTED -> InvocationStatus.SUCCEEDED;
      case FUNCTION_ERROR -> InvocationStatus.FUNCTION_ERROR;
      case TIMED_OUT -> InvocationStatus.TIMED_OUT;
      case THROTTLED -> InvocationStatus.THROTTLED;
      case REJECTED -> InvocationStatus.REJECTED;
      case TRANSIENT, CLIENT_ERROR -> InvocationStatus.FAILED;
    };
  }
}
