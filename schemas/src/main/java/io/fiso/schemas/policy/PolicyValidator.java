package io.fiso.schemas.policy;

import io.fiso.avro.Budget;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.RoutingPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link RoutingPolicy} record against the same rules as {@link PolicyDocuments}, for
 * records that did not come from a file (an HTTP body mapped by hand, a record read back from
 * fiso.policies). Field names in the problems are the file format's ({@code
 * maxCostPerInvocationUsd}, {@code budget.amountUsd}, {@code targets[1].memoryMb}, targets counted
 * from 1).
 */
public final class PolicyValidator {

  private PolicyValidator() {}

  /** Every problem with {@code policy}; empty when it may be applied. */
  public static List<PolicyProblem> validate(String source, RoutingPolicy policy) {
    List<PolicyProblem> problems = new ArrayList<>();
    String label = PolicyDocuments.label(0, policy.getFunction());
    Sink sink =
        (field, message) -> {
          if (message != null) {
            problems.add(new PolicyProblem(source, label, field, message));
          }
        };
    sink.add("function", PolicyRules.function(policy.getFunction()));
    if (policy.getName() == null || policy.getName().isBlank()) {
      sink.add("name", "is blank: name the policy, e.g. checkout-cost-saver");
    }
    if (policy.getStrategy() == null) {
      sink.add("strategy", "is required");
    }
    sink.add("latencySloMs", PolicyRules.latencySlo(policy.getLatencySloMs()));
    if (policy.getMaxCostPerInvocation() != null) {
      sink.add("maxCostPerInvocationUsd", PolicyRules.money(policy.getMaxCostPerInvocation()));
    }
    Budget budget = policy.getBudget();
    if (budget != null) {
      if (budget.getAmount() == null) {
        sink.add("budget.amountUsd", "is required");
      } else {
        sink.add("budget.amountUsd", PolicyRules.money(budget.getAmount()));
      }
      if (budget.getPeriod() == null) {
        sink.add("budget.period", "is required: DAY or MONTH");
      }
      sink.add("budget.scope", PolicyRules.budgetScope(budget.getScope()));
    }
    List<PolicyRules.Numbered> numbered = new ArrayList<>();
    List<FunctionTarget> targets = policy.getTargets() == null ? List.of() : policy.getTargets();
    if (targets.isEmpty()) {
      sink.add("targets", "at least one target is required (provider, region, target)");
    }
    boolean allFine = true;
    for (int i = 0; i < targets.size(); i++) {
      FunctionTarget t = targets.get(i);
      String at = "targets[" + (i + 1) + "].";
      int before = problems.size();
      if (t.getProvider() == null) {
        sink.add(at + "provider", "is required: " + PolicyRules.providerNames());
      } else {
        sink.add(at + "region", PolicyRules.region(t.getRegion()));
        sink.add(at + "target", PolicyRules.target(t.getProvider(), t.getTarget(), t.getRegion()));
        sink.add(at + "memoryMb", PolicyRules.memory(t.getProvider(), t.getMemoryMb()));
        if (t.getArchitecture() != null) {
          sink.add(
              at + "architecture", PolicyRules.architecture(t.getProvider(), t.getArchitecture()));
        }
        sink.add(at + "weight", PolicyRules.weight(t.getWeight()));
        sink.add(at + "asyncTarget", PolicyRules.asyncTarget(t.getProvider(), t.getAsyncTarget()));
        sink.add(at + "vcpu", PolicyRules.vcpu(t.getProvider(), t.getVcpu()));
      }
      if (problems.size() == before) {
        numbered.add(new PolicyRules.Numbered(i + 1, t));
      } else {
        allFine = false;
      }
    }
    for (PolicyRules.Finding finding :
        PolicyRules.crossChecks(
            policy.getStrategy(),
            policy.getLatencySloMs(),
            numbered,
            allFine && policy.getStrategy() != null,
            policy.getAllowedRegions() == null ? List.of() : policy.getAllowedRegions())) {
      sink.add(finding.field(), finding.message());
    }
    return problems;
  }

  /** The same as {@link #validate} but throwing when there is any problem. */
  public static RoutingPolicy requireValid(String source, RoutingPolicy policy) {
    List<PolicyProblem> problems = validate(source, policy);
    if (!problems.isEmpty()) {
      throw new PolicyValidationException(problems);
    }
    return policy;
  }

  @FunctionalInterface
  private interface Sink {
    void add(String field, String message);
  }
}
