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
}
