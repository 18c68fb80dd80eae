package io.fiso.router.decision;

/**
 * Why the router could not route an invocation: the {@code error.type} of the REJECTED result and
 * its HTTP-like status code.
 */
public enum Rejection {
  /** Neither the function nor the default {@code *} has a policy. */
  NoPolicy(404),
  /** The function's policy (or the default policy it fell back to) is inactive. */
  PolicyInactive(422),
  /** Every target of the policy is ruled out; the message says why for each. */
  NoEligibleTarget(422),
  /** A BLOCK budget covering the invocation is exhausted for the period. */
  BudgetExceeded(422),
  /** The payload is larger than the router's configured limit. */
  PayloadTooLarge(422),
  /** The request has no invocation id or no function. */
  InvalidRequest(422),
  /** The router failed on this record; the record is also dead-lettered for operators. */
  Unhandled(500);

  private final int statusCode;

  Rejection(int statusCode) {
    this.statusCode = statusCode;
  }

  public int statusCode() {
    return statusCode;
  }
}
