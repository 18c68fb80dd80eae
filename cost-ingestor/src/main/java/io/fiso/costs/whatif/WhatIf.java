package io.fiso.costs.whatif;

import io.fiso.avro.CostEvent;
import io.fiso.avro.Counterfactual;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import io.fiso.avro.RoutingStrategy;
import io.fiso.costs.sketch.LogHistogram;
import io.fiso.pricing.CostRecords;
import io.fiso.pricing.Pricer;
import io.fiso.pricing.billing.PricingException;
import io.fiso.pricing.billing.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Re-prices historical attempts under candidate policies: what each function would have cost had
 * the candidate routed it, from the measured durations and the counterfactual costs the workers
 * recorded (priced by the pricing module where none was recorded).
 *
 * <p>Per attempt, the cost on a candidate target is, in order: the attempt's own cost when it ran
 * on that very target (provider, region, memory, architecture, vCPU); the counterfactual recorded
 * for that target; or the pricing module's price of the same measured run on that target. The
 * candidate's choice follows its strategy over the whole range: PINNED the first target, FAILOVER
 * the lowest priority, WEIGHTED the expected cost of the split by weight, CHEAPEST the lowest total
 * cost, FASTEST the lowest predicted p95 latency, CHEAPEST_WITHIN_SLO the cheapest whose predicted
 * p95 latency meets the SLO. A target's predicted p95 latency is the p95 measured on its provider
 * and region in the range when at least {@link #MIN_MEASURED} attempts ran there, otherwise the
 * function's p95 over all its attempts (run time assumed the same everywhere).
 */
public final class WhatIf {

  /** Attempts measured on a target before its own p95 is trusted. */
  public static final int MIN_MEASURED = 20;

  /**
   * One function's comparison.
   *
   * @param function logical function name
   * @param policy the candidate policy applied ({@code *} for the default one), or null when the
   *     candidate file has none for it (then nothing changes)
   * @param attempts attempts re-priced
   * @param currentCost what they cost (sum of BilledCost)
   * @param candidateCost what they would have cost under the candidate
   * @param currentP95Ms measured p95 latency
   * @param candidateP95Ms predicted p95 latency under the candidate
   * @param choice the candidate's target(s), e.g. {@code AZURE eastus 512MB}
   * @param notes assumptions and targets left out
   */
  public record FunctionResult(
      String function,
      String policy,
      long attempts,
      BigDecimal currentCost,
      BigDecimal candidateCost,
      double currentP95Ms,
      double candidateP95Ms,
      String choice,
      List<String> notes) {

    public BigDecimal saving() {
      return currentCost.subtract(candidateCost);
    }

    /** Saving as a percentage of the current cost, rounded to 0.1; 0 when nothing was spent. */
    public BigDecimal savingPercent() {
      if (currentCost.signum() == 0) {
        return BigDecimal.ZERO;
      }
      return saving()
          .multiply(BigDecimal.valueOf(100))
          .divide(currentCost, 1, RoundingMode.HALF_EVEN);
    }
  }

  /** Every function's comparison, and the totals. */
  public record Result(List<FunctionResult> functions) {
    public BigDecimal currentTotal() {
      return functions.stream()
          .map(FunctionResult::currentCost)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal candidateTotal() {
      return functions.stream()
          .map(FunctionResult::candidateCost)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public BigDecimal saving() {
      return currentTotal().subtract(candidateTotal());
    }
  }

  private final Map<String, RoutingPolicy> policies = new HashMap<>();
  private final Pricer pricer;
  private final double sketchAccuracy;
  private final Map<String, FunctionAcc> functions = new TreeMap<>();

  /**
   * @param candidates the candidate policies (by function; {@code *} applies to functions the file
   *     does not name)
   * @param pricer prices runs no counterfactual covers
   */
  public WhatIf(List<RoutingPolicy> candidates, Pricer pricer) {
    for (RoutingPolicy p : candidates) {
      policies.put(p.getFunction(), p);
    }
    this.pricer = Objects.requireNonNull(pricer, "pricer");
    this.sketchAccuracy = LogHistogram.DEFAULT_RELATIVE_ACCURACY;
  }

  /** A consumer that adds every event it is given. */
  public Consumer<CostEvent> collector() {
    return this::add;
  }

  /** Adds one historical attempt. */
  public void add(CostEvent e) {
    FunctionAcc f =
        functions.computeIfAbsent(e.getFunction(), name -> new FunctionAcc(name, policyFor(name)));
    f.add(e);
  }

  private RoutingPolicy policyFor(String function) {
    RoutingPolicy own = policies.get(function);
    return own != null ? own : policies.get("*");
  }

  /** The comparison of everything added. */
  public Result result() {
    List<FunctionResult> out = new ArrayList<>();
    functions.values().forEach(f -> out.add(f.result()));
    return new Result(out);
  }

  /** Observed time of an attempt: the worker's latency, or the run time when none was measured. */
  static double observedMs(CostEvent e) {
    return e.getLatencyMs() > 0 ? e.getLatencyMs() : e.getDurationMs();
  }

  static boolean sameTarget(FunctionTarget t, CostEvent e) {
    return t.getProvider() == e.getProvider()
        && t.getRegion().equals(e.getRegionId())
        && t.getMemoryMb() == e.getMemoryMb()
        && t.getArchitecture() == e.getArchitecture();
  }

  static boolean sameShape(FunctionTarget a, FunctionTarget b) {
    return a.getProvider() == b.getProvider()
        && a.getRegion().equals(b.getRegion())
        && a.getMemoryMb() == b.getMemoryMb()
        && a.getArchitecture() == b.getArchitecture()
        && (a.getVcpu() == null
            ? b.getVcpu() == null
            : b.getVcpu() != null && a.getVcpu().compareTo(b.getVcpu()) == 0);
  }

  static String describe(FunctionTarget t) {
    return t.getProvider()
        + " "
        + t.getRegion()
        + " "
        + t.getMemoryMb()
        + "MB"
        + (t.getArchitecture() == io.fiso.avro.Architecture.ARM64 ? " arm64" : "");
  }

  /** Accumulates one function. */
  private final class FunctionAcc {
    final String name;
    final RoutingPolicy policy;
    final List<FunctionTarget> targets;
    final BigDecimal[] targetCost;
    final long[] unpriced;
    final String[] unpricedReason;
    final LogHistogram[] measured;
    final LogHistogram all = new LogHistogram(sketchAccuracy);
    long attempts;
    BigDecimal current = BigDecimal.ZERO;
    long recorded;
    long priced;

    FunctionAcc(String name, RoutingPolicy policy) {
      this.name = name;
      this.policy = policy;
      this.targets = policy == null ? List.of() : eligible(policy);
      int n = targets.size();
      this.targetCost = new BigDecimal[n];
      this.unpriced = new long[n];
      this.unpricedReason = new String[n];
      this.measured = new LogHistogram[n];
      for (int i = 0; i < n; i++) {
        targetCost[i] = BigDecimal.ZERO;
        measured[i] = new LogHistogram(sketchAccuracy);
      }
    }

    void add(CostEvent e) {
      attempts++;
      current = current.add(e.getBilledCost());
      all.add(observedMs(e));
      for (int i = 0; i < targets.size(); i++) {
        FunctionTarget t = targets.get(i);
        if (sameTarget(t, e)) {
          targetCost[i] = targetCost[i].add(e.getBilledCost());
          measured[i].add(observedMs(e));
          continue;
        }
        BigDecimal cost = counterfactual(e, t);
        if (cost != null) {
          recorded++;
        } else {
          try {
            cost = pricer.counterfactual(usage(e), t).getCost();
            priced++;
          } catch (PricingException ex) {
            unpriced[i]++;
            unpricedReason[i] = ex.getMessage();
            continue;
          }
        }
        targetCost[i] = targetCost[i].add(cost);
        if (t.getProvider() == e.getProvider() && t.getRegion().equals(e.getRegionId())) {
          measured[i].add(observedMs(e));
        }
      }
    }

    private BigDecimal counterfactual(CostEvent e, FunctionTarget t) {
      if (e.getCounterfactuals() == null) {
        return null;
      }
      for (Counterfactual c : e.getCounterfactuals()) {
        if (sameShape(c.getTarget(), t)) {
          return c.getCost();
        }
      }
      return null;
    }

    private Usage usage(CostEvent e) {
      try {
        return CostRecords.usageOf(e);
      } catch (PricingException ex) {
        return new Usage(
            e.getProvider(),
            e.getRegionId(),
            e.getArchitecture(),
            e.getMemoryMb(),
            e.getDurationMs(),
            null,
            null,
            1);
      }
    }

    double predictedP95(int i) {
      return measured[i].count() >= MIN_MEASURED ? measured[i].quantile(0.95) : all.quantile(0.95);
    }

    FunctionResult result() {
      double currentP95 = all.quantile(0.95);
      List<String> notes = new ArrayList<>();
      if (policy == null) {
        return new FunctionResult(
            name,
            null,
            attempts,
            current,
            current,
            currentP95,
            currentP95,
            "(no candidate policy: unchanged)",
            notes);
      }
      if (!policy.getActive()) {
        notes.add("the candidate policy is inactive: every invocation would be rejected");
        return new FunctionResult(
            name,
            policy.getFunction(),
            attempts,
            current,
            BigDecimal.ZERO,
            currentP95,
            0,
            "(rejected)",
            notes);
      }
      List<Integer> usable = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        if (unpriced[i] > 0) {
          notes.add(
              describe(targets.get(i))
                  + " left out: "
                  + unpriced[i]
                  + " attempts could not be priced there ("
                  + unpricedReason[i]
                  + ")");
        } else {
          usable.add(i);
        }
      }
      if (policy.getMaxCostPerInvocation() != null && attempts > 0) {
        BigDecimal max = policy.getMaxCostPerInvocation();
        usable.removeIf(
            i -> {
              BigDecimal mean =
                  targetCost[i].divide(BigDecimal.valueOf(attempts), 24, RoundingMode.HALF_EVEN);
              if (mean.compareTo(max) > 0) {
                notes.add(
                    describe(targets.get(i))
                        + " left out: mean cost "
                        + mean.stripTrailingZeros().toPlainString()
                        + " exceeds maxCostPerInvocation "
                        + max.stripTrailingZeros().toPlainString());
                return true;
              }
              return false;
            });
      }
      if (usable.isEmpty()) {
        notes.add("no target of the candidate policy can take these invocations: unchanged");
        return new FunctionResult(
            name,
            policy.getFunction(),
            attempts,
            current,
            current,
            currentP95,
            currentP95,
            "(no eligible target)",
            notes);
      }
      if (recorded + priced > 0) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%d costs from recorded counterfactuals, %d priced from measured durations",
                recorded,
                priced));
      }
      RoutingStrategy strategy = policy.getStrategy();
      if (strategy == RoutingStrategy.WEIGHTED) {
        return weighted(usable, currentP95, notes);
      }
      int pick = pick(strategy, usable, notes);
      FunctionTarget t = targets.get(pick);
      if (measured[pick].count() < MIN_MEASURED) {
        notes.add(
            "p95 on "
                + describe(t)
                + " assumed equal to the measured p95 (too few attempts measured there)");
      }
      return new FunctionResult(
          name,
          policy.getFunction(),
          attempts,
          current,
          targetCost[pick],
          currentP95,
          predictedP95(pick),
          describe(t),
          notes);
    }

    private int pick(RoutingStrategy strategy, List<Integer> usable, List<String> notes) {
      Comparator<Integer> cheapest = Comparator.comparing((Integer i) -> targetCost[i]);
      Comparator<Integer> fastest = Comparator.comparingDouble(this::predictedP95);
      return switch (strategy) {
        case PINNED -> usable.get(0);
        case FAILOVER ->
            usable.stream()
                .min(Comparator.comparingInt((Integer i) -> targets.get(i).getPriority()))
                .orElseThrow();
        case CHEAPEST -> usable.stream().min(cheapest).orElseThrow();
        case FASTEST -> usable.stream().min(fastest).orElseThrow();
        case CHEAPEST_WITHIN_SLO -> {
          Integer slo = policy.getLatencySloMs();
          List<Integer> within =
              usable.stream().filter(i -> slo == null || predictedP95(i) <= slo).toList();
          if (within.isEmpty()) {
            notes.add(
                "no target's predicted p95 meets the SLO of "
                    + slo
                    + " ms: the fastest is assumed");
            yield usable.stream().min(fastest).orElseThrow();
          }
          yield within.stream().min(cheapest).orElseThrow();
        }
        default -> usable.get(0);
      };
    }

    private FunctionResult weighted(List<Integer> usable, double currentP95, List<String> notes) {
      long total = usable.stream().mapToLong(i -> Math.max(0, targets.get(i).getWeight())).sum();
      if (total == 0) {
        notes.add("every weight is 0: no target would be chosen");
        return new FunctionResult(
            name,
            policy.getFunction(),
            attempts,
            current,
            current,
            currentP95,
            currentP95,
            "(no weight)",
            notes);
      }
      BigDecimal cost = BigDecimal.ZERO;
      LogHistogram mix = new LogHistogram(sketchAccuracy);
      Map<String, Long> shares = new LinkedHashMap<>();
      for (int i : usable) {
        long w = Math.max(0, targets.get(i).getWeight());
        if (w == 0) {
          continue;
        }
        cost =
            cost.add(
                targetCost[i]
                    .multiply(BigDecimal.valueOf(w))
                    .divide(BigDecimal.valueOf(total), 24, RoundingMode.HALF_EVEN));
        LogHistogram source = measured[i].count() >= MIN_MEASURED ? measured[i] : all;
        mix.mergeScaled(source, (double) w / total / source.count());
        shares.put(describe(targets.get(i)), w * 100 / total);
      }
      notes.add("WEIGHTED: the expected cost of the split by weight");
      StringBuilder choice = new StringBuilder();
      shares.forEach(
          (t, pct) ->
              choice.append(choice.length() == 0 ? "" : " + ").append(pct).append("% ").append(t));
      return new FunctionResult(
          name,
          policy.getFunction(),
          attempts,
          current,
          cost,
          currentP95,
          mix.quantile(0.95),
          choice.toString(),
          notes);
    }
  }

  /** Only targets in the policy's allowed regions (when it lists any). */
  static List<FunctionTarget> eligible(RoutingPolicy p) {
    List<String> allowed = p.getAllowedRegions();
    return p.getTargets().stream()
        .filter(t -> allowed == null || allowed.isEmpty() || allowed.contains(t.getRegion()))
        .toList();
  }
}
