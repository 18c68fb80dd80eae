package io.fiso.schemas.policy;

import java.util.List;

/** Policy documents that cannot be applied, with every problem found (not just the first). */
public class PolicyValidationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<PolicyProblem> problems;

  public PolicyValidationException(List<PolicyProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order. */
  public List<PolicyProblem> problems() {
    return problems;
  }

  private static String describe(List<PolicyProblem> problems) {
    StringBuilder text =
        new StringBuilder()
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append(" in the policy documents:");
    for (PolicyProblem problem : problems) {
      text.append(System.lineSeparator()).append("  - ").append(problem);
    }
    return text.toString();
  }
}
