package io.fiso.router.strategy;

import io.fiso.avro.FunctionTarget;
import java.math.BigDecimal;

/**
 * One target of a policy as the router sees it for one invocation: whether it may be chosen and
 * what it is predicted to cost and how fast it is.
 *
 * @param position the target's place in the policy, counted from 1 (declared order)
 * @param label how people name it in reasons: {@code aws/us-east-1}, with the function id added
 *     when two targets share provider and region
 * @param target the deployment
 * @param ineligibleReason why it may not be chosen; null when it is eligible
 * @param predictedCost USD one invocation is predicted to cost; null when no price is known
 * @param costBasis how the cost was predicted (memory, duration and where each came from), or why
 *     it could not be
 * @param p95LatencyMs measured p95 call latency; null when nothing has been measured
 * @param measuredInvocations attempts the latency figure is based on (0 = nothing measured)
 */
public record Candidate(
    int position,
    String label,
    FunctionTarget target,
    String ineligibleReason,
    BigDecimal predictedCost,
    String costBasis,
    Double p95LatencyMs,
    long measuredInvocations) {

  public boolean eligible() {
    return ineligibleReason == null;
  }

  public boolean hasCost() {
    return predictedCost != null;
  }

  public boolean hasLatency() {
    return p95LatencyMs != null;
  }

  /** The same candidate, not eligible for {@code reason}. */
  public Candidate ineligible(String reason) {
    return new Candidate(
        position,
        label,
        target,
        reason,
        predictedCost,
        costBasis,
        p95LatencyMs,
        measuredInvocations);
  }
}
