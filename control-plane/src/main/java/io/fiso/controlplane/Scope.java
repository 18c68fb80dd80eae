package io.fiso.controlplane;

import java.util.Locale;

/** What a bearer token allows. {@link #ADMIN} implies {@link #INVOKE}. */
public enum Scope {
  /** Orchestrate functions and read invocations, policies, costs and providers. */
  INVOKE,
  /** Everything {@link #INVOKE} allows, plus changing policies. */
  ADMIN;

  /** Whether a token with this scope may do what {@code required} guards. */
  public boolean grants(Scope required) {
    return this == ADMIN || required == INVOKE;
  }

  /** The scope's name as written in configuration and in WWW-Authenticate: invoke or admin. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code invoke} or {@code admin} (any case); null when it is neither. */
  public static Scope parse(String text) {
    for (Scope scope : values()) {
      if (scope.id().equalsIgnoreCase(text.trim())) {
        return scope;
      }
    }
    return null;
  }
}
