package io.fiso.schemas.config;

import java.util.List;
import java.util.Locale;

/** Recognises settings that hold credentials, so that no message, log line or table shows them. */
public final class Secrets {

  /** Printed in place of a secret value. */
  public static final String HIDDEN = "[hidden]";

  private static final List<String> MARKERS =
      List.of("password", "secret", "jaas", "key", "token", "credential", "user.info", "userinfo");

  private Secrets() {}

  /** True when {@code name} (a setting key or an environment variable) suggests a credential. */
  public static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT).replace('_', '.');
    return MARKERS.stream().anyMatch(lower::contains);
  }

  /** {@code value}, or {@link #HIDDEN} when {@code name} is a secret. */
  public static String printable(String name, String value) {
    return isSecret(name) ? HIDDEN : value;
  }
}
