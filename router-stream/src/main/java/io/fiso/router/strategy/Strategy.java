package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;

/**
 * How a policy picks one target among the eligible ones. Implementations are pure functions of the
 * {@link Selection}: the same selection always gives the same choice, so a decision can be
 * reproduced from the decision record and the policy version.
 */
public interface Strategy {

  /** The policy strategy this class implements. */
  RoutingStrategy kind();

  /** Picks one of {@code selection.eligible()}. */
  Choice choose(Selection selection);

  /**
   * Whether the choice depends on {@link Selection#invocationId()}. When it does not, the same
   * policy, candidates and eligible targets give the same choice for every invocation, and the
   * router may reuse a decision for the next invocation of the function.
   */
  default boolean usesInvocationId() {
    return false;
  }
}
