package io.fiso.schemas.policy;

/**
 * One thing wrong with a policy document: where (file, policy, field) and what, in words that say
 * how to fix it.
 *
 * @param file the file or source the policy came from, e.g. {@code policies.yaml}
 * @param policy which policy, e.g. {@code policy #2 (function "checkout")}; null for a problem with
 *     the file as a whole
 * @param field the field at fault as written in the file, e.g. {@code targets[2].provider} (targets
 *     and policies are counted from 1); null when the policy as a whole is at fault
 * @param message what is wrong and what to write instead
 */
public record PolicyProblem(String file, String policy, String field, String message) {

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (policy != null) {
      text.append(": ").append(policy);
    }
    if (field != null) {
      text.append(": ").append(field);
    }
    return text.append(": ").append(message).toString();
  }
}
