package io.fiso.controlplane.http;

/** Thrown by a handler to answer with a {@link Problem}. */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ApiException(Problem problem) {
    super(problem.toString(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
