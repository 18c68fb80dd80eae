package io.fiso.router.cost;

import io.fiso.avro.FunctionTarget;

/**
 * Predicts what one invocation on a target costs. The router asks it once per target and
 * invocation, with the duration it expects; the answer says where the price came from, or why there
 * is none.
 */
@FunctionalInterface
public interface CostModel {

  /** The predicted list cost of one invocation on {@code target} lasting {@code durationMs}. */
  CostPrediction predict(FunctionTarget target, double durationMs);
}
