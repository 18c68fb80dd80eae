package io.fiso.costs.budget;

import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One budget as a policy defines it.
 *
 * @param scope {@code function:NAME} (a policy's own function; {@code function:*} for the default
 *     policy: every function without a policy of its own) or {@code label:KEY=VALUE}
 * @param policyFunction the function of the policy that defines it
 * @param amount USD per period
 * @param period DAY or MONTH, UTC
 * @param action ALERT or BLOCK at 100%
 */
public record BudgetDefinition(
    String scope,
    String policyFunction,
    BigDecimal amount,
    BudgetPeriod period,
    BudgetAction action) {

  public BudgetDefinition {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(policyFunction, "policyFunction");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(action, "action");
  }

  /** Whether this one is stricter than {@code other} for the same scope. */
  boolean stricterThan(BudgetDefinition other) {
    int c = amount.compareTo(other.amount);
    if (c != 0) {
      return c < 0;
    }
    if (action != other.action) {
      return action == BudgetAction.BLOCK;
    }
    return policyFunction.compareTo(other.policyFunction) < 0;
  }
}
