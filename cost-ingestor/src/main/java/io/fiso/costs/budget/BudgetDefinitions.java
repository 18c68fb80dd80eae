package io.fiso.costs.budget;

import io.fiso.avro.Budget;
import io.fiso.avro.CostEvent;
import io.fiso.avro.RoutingPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budgets defined in a set of policies, by scope, and which of them a cost event counts
 * against.
 *
 * <p>A budget's scope is {@code function:NAME} when the policy gives none (NAME is the policy's
 * function; for the default policy {@code *} that means every function without a policy of its
 * own), or {@code label:KEY=VALUE}: every event whose tags have that label, whatever its function.
 * When several policies define a budget for the same scope, the strictest applies (smallest amount,
 * then BLOCK over ALERT, then the first policy by function name).
 */
public final class BudgetDefinitions {

  private static final Logger log = LoggerFactory.getLogger(BudgetDefinitions.class);

  private final Map<String, BudgetDefinition> byScope;
  private final Set<String> functionsWithPolicy;
  private final List<BudgetDefinition> labelBudgets;

  private BudgetDefinitions(Map<String, BudgetDefinition> byScope, Set<String> functions) {
    this.byScope = Collections.unmodifiableMap(byScope);
    this.functionsWithPolicy = Set.copyOf(functions);
    this.labelBudgets =
        byScope.values().stream().filter(d -> d.scope().startsWith("label:")).toList();
  }

  /** The budgets of {@code policies} (inactive ones included: they still spend nothing). */
  public static BudgetDefinitions of(Iterable<RoutingPolicy> policies) {
    Map<String, BudgetDefinition> byScope = new HashMap<>();
    Set<String> functions = new HashSet<>();
    for (RoutingPolicy p : policies) {
      if (p == null) {
        continue;
      }
      functions.add(p.getFunction());
      Budget b = p.getBudget();
      if (b == null) {
        continue;
      }
      String scope = scopeOf(p);
      if (scope == null) {
        log.warn(
            "Policy {}: budget scope '{}' is neither function:NAME nor label:KEY=VALUE; budget"
                + " ignored",
            p.getFunction(),
            b.getScope());
        continue;
      }
      if (b.getAmount() == null || b.getAmount().signum() <= 0) {
        log.warn("Policy {}: budget amount must be positive; budget ignored", p.getFunction());
        continue;
      }
      BudgetDefinition def =
          new BudgetDefinition(scope, p.getFunction(), b.getAmount(), b.getPeriod(), b.getAction());
      byScope.merge(scope, def, (a, c) -> c.stricterThan(a) ? c : a);
    }
    return new BudgetDefinitions(byScope, functions);
  }

  /** The normalised scope of a policy's budget, or null when it is malformed. */
  static String scopeOf(RoutingPolicy p) {
    String scope = p.getBudget().getScope();
    if (scope == null || scope.isBlank()) {
      return "function:" + p.getFunction();
    }
    scope = scope.trim();
    if (scope.startsWith("function:") && scope.length() > "function:".length()) {
      return scope;
    }
    if (scope.startsWith("label:")) {
      int eq = scope.indexOf('=');
      if (eq > "label:".length()) {
        return scope;
      }
    }
    return null;
  }

  public BudgetDefinition get(String scope) {
    return byScope.get(scope);
  }

  public Map<String, BudgetDefinition> all() {
    return byScope;
  }

  /** Every budget {@code event} counts against. */
  public List<BudgetDefinition> matching(CostEvent event) {
    List<BudgetDefinition> out = new ArrayList<>(2);
    BudgetDefinition own = byScope.get("function:" + event.getFunction());
    if (own != null) {
      out.add(own);
    }
    if (!functionsWithPolicy.contains(event.getFunction())) {
      BudgetDefinition fallback = byScope.get("function:*");
      if (fallback != null) {
        out.add(fallback);
      }
    }
    Map<String, String> tags = event.getTags();
    if (tags != null && !tags.isEmpty()) {
      for (BudgetDefinition d : labelBudgets) {
        String kv = d.scope().substring("label:".length());
        int eq = kv.indexOf('=');
        String value = tags.get(kv.substring(0, eq));
        if (value != null && value.equals(kv.substring(eq + 1))) {
          out.add(d);
        }
      }
    }
    return out;
  }
}
