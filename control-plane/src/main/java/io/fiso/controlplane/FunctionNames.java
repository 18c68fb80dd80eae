package io.fiso.controlplane;

/** What a logical function name may be: what the router looks its policy up by. */
public final class FunctionNames {

  /** The key of the default policy on fiso.policies. */
  public static final String DEFAULT_POLICY = "*";

  public static final int MAX_LENGTH = 256;

  private FunctionNames() {}

  /** Why {@code name} cannot name a function to invoke, or null when it can. */
  public static String problem(String name) {
    if (name == null || name.isBlank()) {
      return "the function name is empty: name the logical function, e.g. fiso-sample";
    }
    if (DEFAULT_POLICY.equals(name)) {
      return "'*' names the default policy, not a function: name the function to invoke";
    }
    return policyKeyProblem(name);
  }

  /** Why {@code name} cannot key a policy ("*" allowed), or null when it can. */
  public static String policyKeyProblem(String name) {
    if (name == null || name.isBlank()) {
      return "the function name is empty";
    }
    if (name.length() > MAX_LENGTH) {
      return "the function name is " + name.length() + " characters long: at most " + MAX_LENGTH;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/') {
        return "the function name '"
            + name.replaceAll("\\p{Cntrl}", "?")
            + "' contains spaces, control characters or '/'";
      }
    }
    return null;
  }
}
