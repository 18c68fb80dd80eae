package io.fiso.router.decision;

import io.fiso.avro.Alternative;
import io.fiso.avro.Budget;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.ErrorInfo;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.ProviderStats;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingPolicy;
import io.fiso.router.cost.CostPrediction;
import io.fiso.router.strategy.Candidate;
import io.fiso.router.strategy.Choice;
import io.fiso.router.strategy.Figures;
import io.fiso.router.strategy.Selection;
import io.fiso.router.strategy.Strategies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides where one invocation runs: a pure function of the request, the {@link RoutingState} and
 * the time. In order:
 *
 * <ol>
 *   <li>a request without id or function is rejected (InvalidRequest), as is a payload over the
 *       limit (PayloadTooLarge);
 *   <li>the function's policy, else the default {@code *} policy (NoPolicy when neither exists); an
 *       inactive policy rejects (PolicyInactive) and never falls back to {@code *};
 *   <li>a BLOCK budget that is exhausted for the scope {@code function:NAME}, a {@code
 *       label:KEY=VALUE} scope matching the request's labels, or the policy's own budget scope,
 *       rejects (BudgetExceeded);
 *   <li>each target is checked: region in {@code allowedRegions}, provider not in the request's
 *       {@code excludedProviders}, not unhealthy in fiso.provider-stats, predicted cost within
 *       {@code maxCostPerInvocation}; none left rejects (NoEligibleTarget, with why for each);
 *   <li>the request's hints (preferred provider and/or region) narrow the choice when a preferred
 *       target is eligible;
 *   <li>the policy's strategy picks, and the decision records why, with every alternative's
 *       figures.
 * </ol>
 */
public final class Router {

  /**
   * The router's own limits.
   *
   * @param maxPayloadBytes largest payload routed
   * @param defaultDurationMs duration assumed for cost predictions when nothing has been measured
   */
  public record Settings(int maxPayloadBytes, double defaultDurationMs) {
    public Settings {
      if (maxPayloadBytes <= 0) {
        throw new IllegalArgumentException("maxPayloadBytes must be positive");
      }
      if (!(defaultDurationMs > 0) || Double.isInfinite(defaultDurationMs)) {
        throw new IllegalArgumentException("defaultDurationMs must be positive");
      }
    }
  }

  private static final String DEFAULT_POLICY = "*";
  private static final String APPLY_HINT = "fiso policy apply -f policies.yaml";

  private final Settings settings;

  public Router(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** Routes or rejects {@code request}; never throws for a request it can read. */
  public Outcome route(InvocationRequest request, RoutingState state, Instant now) {
    String id = request.getInvocationId();
    String function = request.getFunction();
    if (isBlank(id) || isBlank(function)) {
      List<String> missing = new ArrayList<>();
      if (isBlank(id)) {
        missing.add("invocationId");
      }
      if (isBlank(function)) {
        missing.add("function");
      }
      return reject(
          request,
          now,
          Rejection.InvalidRequest,
          "the request has no "
              + String.join(" and no ", missing)
              + ": set "
              + String.join(" and ", missing)
              + " on the InvocationRequest and send it again");
    }
    int size = request.getPayload() == null ? 0 : request.getPayload().remaining();
    if (size > settings.maxPayloadBytes()) {
      return reject(
          request,
          now,
          Rejection.PayloadTooLarge,
          "the payload is "
              + size
              + " bytes; the router accepts at most "
              + settings.maxPayloadBytes()
              + " bytes (setting router.max.payload.bytes): send a smaller payload, or a"
              + " reference to the data (e.g. an object-store URL)");
    }

    Optional<RoutingPolicy> own = state.policy(function);
    RoutingPolicy policy = own.or(() -> state.policy(DEFAULT_POLICY)).orElse(null);
    if (policy == null) {
      return reject(
          request,
          now,
          Rejection.NoPolicy,
          "no policy for function "
              + function
              + " and no default '*' policy: apply one with "
              + APPLY_HINT
              + " (see docs/policies.md)");
    }
    String policyKey = own.isPresent() ? function : DEFAULT_POLICY;
    if (!policy.getActive()) {
      return reject(
          request,
          now,
          Rejection.PolicyInactive,
          (own.isPresent()
                  ? "the policy '" + policy.getName() + "' for function " + function
                  : "function "
                      + function
                      + " has no policy of its own and the default '*' policy '"
                      + policy.getName()
                      + "'")
              + " (version "
              + policy.getVersion()
              + ") is inactive: set active: true and apply it with "
              + APPLY_HINT
              + (own.isPresent()
                  ? ", or delete it (fiso policy delete " + function + ") to use the '*' policy"
                  : ""));
    }
    Optional<String> blocked = budgetBlock(request, policy, policyKey, state, now);
    if (blocked.isPresent()) {
      return reject(request, now, Rejection.BudgetExceeded, blocked.get());
    }

    if (policy.getTargets() == null || policy.getTargets().isEmpty()) {
      return reject(
          request,
          now,
          Rejection.NoEligibleTarget,
          "policy '"
              + policy.getName()
              + "' (version "
              + policy.getVersion()
              + ") for "
              + policyKey
              + " has no targets: add at least one and apply it with "
              + APPLY_HINT);
    }
    List<Candidate> candidates = candidates(request, policy, state);
    List<Candidate> eligible = candidates.stream().filter(Candidate::eligible).toList();
    if (eligible.isEmpty()) {
      return reject(
          request,
          now,
          Rejection.NoEligibleTarget,
          "no eligible target for function "
              + function
              + " under policy '"
              + policy.getName()
              + "' (version "
              + policy.getVersion()
              + "): "
              + candidates.stream()
                  .map(c -> c.label() + ": " + c.ineligibleReason())
                  .collect(Collectors.joining("; ")));
    }

    Hints hints = applyHints(request, eligible);
    Choice choice =
        Strategies.of(policy.getStrategy())
            .choose(new Selection(id, policy, candidates, hints.pool()));
    Candidate chosen = choice.chosen();

    StringBuilder reason = new StringBuilder();
    if (own.isEmpty()) {
      reason
          .append("no policy for function ")
          .append(function)
          .append(", so the default '*' policy '")
          .append(policy.getName())
          .append("'; ");
    }
    if (hints.followed() != null) {
      reason.append("followed the request's hint ").append(hints.followed()).append("; ");
    }
    reason.append(choice.reason());
    if (hints.ignored() != null) {
      reason.append("; ").append(hints.ignored());
    }

    List<Alternative> alternatives = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.position() == chosen.position()) {
        continue;
      }
      String note;
      if (!c.eligible()) {
        note = "not eligible: " + c.ineligibleReason();
      } else if (!hints.pool().contains(c)) {
        note = "eligible, but not preferred (" + hints.followed() + ")";
      } else {
        note = choice.notes().getOrDefault(c.position(), "");
      }
      alternatives.add(
          Alternative.newBuilder()
              .setTarget(c.target())
              .setEligible(c.eligible())
              .setPredictedCost(c.predictedCost())
              .setPredictedLatencyMs(c.p95LatencyMs())
              .setNote(note)
              .build());
    }
    RoutingDecision decision =
        RoutingDecision.newBuilder()
            .setTarget(chosen.target())
            .setPolicyFunction(policyKey)
            .setPolicyName(policy.getName())
            .setPolicyVersion(policy.getVersion())
            .setStrategy(policy.getStrategy())
            .setReason(reason.toString())
            .setPredictedCost(chosen.predictedCost())
            .setPredictedLatencyMs(chosen.p95LatencyMs())
            .setAlternatives(alternatives)
            .setRoutedAt(now)
            .build();
    RoutedInvocation routed =
        RoutedInvocation.newBuilder().setRequest(request).setDecision(decision).build();
    return new Outcome.Routed(chosen.target().getProvider(), routed);
  }

  // ------------------------------------------------------------------------------- candidates

  private List<Candidate> candidates(
      InvocationRequest request, RoutingPolicy policy, RoutingState state) {
    List<FunctionTarget> targets = policy.getTargets();
    List<ProviderStats> stats = new ArrayList<>(targets.size());
    double measuredDurationSum = 0;
    long measuredCount = 0;
    for (FunctionTarget t : targets) {
      ProviderStats s =
          state.stats(request.getFunction(), t.getProvider(), t.getRegion()).orElse(null);
      stats.add(s);
      if (measured(s) && s.getMeanDurationMs() > 0) {
        measuredDurationSum += s.getMeanDurationMs() * s.getInvocations();
        measuredCount += s.getInvocations();
      }
    }
    Double elsewhere = measuredCount > 0 ? measuredDurationSum / measuredCount : null;
    Set<Provider> excluded =
        request.getExcludedProviders() == null
            ? Set.of()
            : new LinkedHashSet<>(request.getExcludedProviders());
    List<String> allowed =
        policy.getAllowedRegions() == null ? List.of() : policy.getAllowedRegions();
    Map<String, Integer> sameSpot = new HashMap<>();
    for (FunctionTarget t : targets) {
      sameSpot.merge(spot(t), 1, Integer::sum);
    }

    List<Candidate> candidates = new ArrayList<>(targets.size());
    for (int i = 0; i < targets.size(); i++) {
      FunctionTarget t = targets.get(i);
      ProviderStats s = stats.get(i);
      String label = sameSpot.get(spot(t)) > 1 ? spot(t) + " (" + t.getTarget() + ")" : spot(t);

      double duration;
      String durationBasis;
      if (measured(s) && s.getMeanBilledDurationMs() > 0) {
        duration = s.getMeanBilledDurationMs();
        durationBasis = "mean billed duration measured over " + s.getInvocations() + " attempts";
      } else if (measured(s) && s.getMeanDurationMs() > 0) {
        duration = s.getMeanDurationMs();
        durationBasis = "mean duration measured over " + s.getInvocations() + " attempts";
      } else if (elsewhere != null) {
        duration = elsewhere;
        durationBasis = "nothing measured here; mean duration measured on the other targets";
      } else {
        duration = settings.defaultDurationMs();
        durationBasis = "nothing measured yet; default duration assumed";
      }
      CostPrediction prediction = state.costModel().predict(t, duration);
      String costBasis =
          t.getMemoryMb()
              + " MB x "
              + Figures.ms(duration)
              + " ("
              + durationBasis
              + "), "
              + (prediction.known() ? "price from " : "")
              + prediction.source();
      Double p95 = measured(s) && s.getP95LatencyMs() > 0 ? s.getP95LatencyMs() : null;

      List<String> why = new ArrayList<>();
      if (!allowed.isEmpty() && !allowed.contains(t.getRegion())) {
        why.add("region " + t.getRegion() + " is outside allowedRegions " + allowed);
      }
      if (excluded.contains(t.getProvider())) {
        why.add(
            "provider "
                + t.getProvider()
                + " is excluded by an earlier attempt of this invocation (excludedProviders)");
      }
      if (s != null && !s.getHealthy()) {
        why.add(
            "marked unhealthy in fiso.provider-stats"
                + (s.getHealthReason() == null || s.getHealthReason().isBlank()
                    ? String.format(Locale.ROOT, " (error rate %.0f%%)", s.getErrorRate() * 100)
                    : ": " + s.getHealthReason()));
      }
      if (policy.getMaxCostPerInvocation() != null) {
        if (prediction.known()
            && prediction.cost().compareTo(policy.getMaxCostPerInvocation()) > 0) {
          why.add(
              "predicted "
                  + Figures.usd(prediction.cost())
                  + " exceeds maxCostPerInvocationUsd "
                  + Figures.usd(policy.getMaxCostPerInvocation()));
        } else if (!prediction.known()) {
          costBasis += "; maxCostPerInvocationUsd not checked without a price";
        }
      }
      candidates.add(
          new Candidate(
              i + 1,
              label,
              t,
              why.isEmpty() ? null : String.join("; ", why),
              prediction.cost(),
              costBasis,
              p95,
              measured(s) ? s.getInvocations() : 0));
    }
    return candidates;
  }

  private static boolean measured(ProviderStats s) {
    return s != null && s.getInvocations() > 0;
  }

  private static String spot(FunctionTarget t) {
    return t.getProvider().name().toLowerCase(Locale.ROOT) + "/" + t.getRegion();
  }

  // ------------------------------------------------------------------------------- hints

  /**
   * @param pool what the strategy chooses from
   * @param followed the hint followed, for the reason; null when none was
   * @param ignored why a hint was not followed; null when there was none or it was followed
   */
  private record Hints(List<Candidate> pool, String followed, String ignored) {}

  private static Hints applyHints(InvocationRequest request, List<Candidate> eligible) {
    Provider provider = request.getPreferredProvider();
    String region = isBlank(request.getPreferredRegion()) ? null : request.getPreferredRegion();
    if (provider == null && region == null) {
      return new Hints(eligible, null, null);
    }
    String providerHint =
        provider == null ? null : "preferredProvider=" + provider.name().toLowerCase(Locale.ROOT);
    String regionHint = region == null ? null : "preferredRegion=" + region;
    if (provider != null && region != null) {
      List<Candidate> both =
          eligible.stream()
              .filter(c -> c.target().getProvider() == provider)
              .filter(c -> c.target().getRegion().equals(region))
              .toList();
      if (!both.isEmpty()) {
        return new Hints(both, providerHint + " " + regionHint, null);
      }
    }
    if (provider != null) {
      List<Candidate> match =
          eligible.stream().filter(c -> c.target().getProvider() == provider).toList();
      if (!match.isEmpty()) {
        return new Hints(
            match,
            providerHint,
            region == null ? null : regionHint + " not followed: no eligible target there");
      }
    }
    if (region != null) {
      List<Candidate> match =
          eligible.stream().filter(c -> c.target().getRegion().equals(region)).toList();
      if (!match.isEmpty()) {
        return new Hints(
            match,
            regionHint,
            provider == null
                ? null
                : providerHint + " not followed: no eligible target of that provider");
      }
    }
    String hints =
        providerHint == null
            ? regionHint
            : regionHint == null ? providerHint : providerHint + " " + regionHint;
    return new Hints(eligible, null, "hint " + hints + " not followed: no eligible target matches");
  }

  // ------------------------------------------------------------------------------- budgets

  private static Optional<String> budgetBlock(
      InvocationRequest request,
      RoutingPolicy policy,
      String policyKey,
      RoutingState state,
      Instant now) {
    Budget own = policy.getBudget();
    String ownScope =
        own == null ? null : own.getScope() != null ? own.getScope() : "function:" + policyKey;
    Set<String> scopes = new LinkedHashSet<>();
    scopes.add("function:" + request.getFunction());
    if (request.getLabels() != null) {
      request.getLabels().forEach((k, v) -> scopes.add("label:" + k + "=" + v));
    }
    if (ownScope != null) {
      scopes.add(ownScope);
    }
    for (String scope : scopes) {
      BudgetStatus status = state.budget(scope).orElse(null);
      if (status == null || status.getState() != BudgetState.BLOCK) {
        continue;
      }
      if (!now.isBefore(status.getPeriodEnd())) {
        continue; // a new period has begun; the cost-ingestor has not counted anything in it yet
      }
      if (policyKey.equals(status.getPolicyFunction()) && scope.equals(ownScope)) {
        // The applied policy defines this budget: its current version decides, so raising the
        // amount or switching to ALERT takes effect at once.
        if (own.getAction() != BudgetAction.BLOCK
            || status.getSpend().compareTo(own.getAmount()) < 0) {
          continue;
        }
      } else if (policyKey.equals(status.getPolicyFunction())) {
        continue; // the policy no longer has a budget with this scope
      }
      return Optional.of(
          "budget "
              + scope
              + " is exhausted: "
              + Figures.usd(status.getSpend())
              + " spent of "
              + Figures.usd(status.getAmount())
              + " this "
              + status.getPeriod().name().toLowerCase(Locale.ROOT)
              + " (until "
              + status.getPeriodEnd()
              + ", action BLOCK, set by the policy for "
              + status.getPolicyFunction()
              + "): raise budget.amountUsd or set action: ALERT in that policy and apply it, or"
              + " wait for the next period");
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------- results

  private static Outcome reject(
      InvocationRequest request, Instant now, Rejection type, String message) {
    InvocationResult result =
        InvocationResult.newBuilder()
            .setInvocationId(nullToEmpty(request.getInvocationId()))
            .setFunction(nullToEmpty(request.getFunction()))
            .setProvider(null)
            .setRegion(null)
            .setTarget(null)
            .setStatus(InvocationStatus.REJECTED)
            .setStatusCode(type.statusCode())
            .setResponse(null)
            .setResponseContentType(null)
            .setError(ErrorInfo.newBuilder().setType(type.name()).setMessage(message).build())
            .setAttempts(Math.max(0, request.getAttempt() - 1))
            .setProvidersTried(
                request.getExcludedProviders() == null
                    ? List.of()
                    : List.copyOf(request.getExcludedProviders()))
            .setColdStart(false)
            .setRequestedAt(request.getRequestedAt() == null ? now : request.getRequestedAt())
            .setRoutedAt(null)
            .setStartedAt(null)
            .setCompletedAt(now)
            .setDurationMs(null)
            .setBilledDurationMs(null)
            .setCost(null)
            .setCostEstimated(false)
            .setLabels(request.getLabels() == null ? Map.of() : request.getLabels())
            .build();
    return new Outcome.Rejected(type, result);
  }

  /**
   * A REJECTED result for a request the router failed on (a defect, not the request's fault): the
   * user still gets an answer for the invocation id.
   */
  public static Outcome.Rejected unhandled(InvocationRequest request, Instant now, Exception e) {
    return (Outcome.Rejected)
        reject(
            request,
            now,
            Rejection.Unhandled,
            "the router failed on this invocation ("
                + e.getClass().getSimpleName()
                + "); it was recorded on fiso.deadletter for the operators: send it again, and"
                + " report it if it keeps failing");
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
