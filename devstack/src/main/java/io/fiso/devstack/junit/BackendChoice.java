package io.fiso.devstack.junit;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which Kafka the tests of this JVM use, from {@code FISO_TEST_KAFKA}: unset or {@code embedded} =
 * the in-process broker; {@code testcontainers} = Testcontainers' Kafka when a Docker engine is
 * available, otherwise the embedded broker with a notice that the Testcontainers path was skipped.
 *
 * @param testcontainers true to run Kafka in a container
 * @param notice what to tell the user about the choice, or {@code null}
 */
record BackendChoice(boolean testcontainers, String notice) {

  static final String ENV = "FISO_TEST_KAFKA";

  static BackendChoice from(Map<String, String> env, BooleanSupplier dockerAvailable) {
    String asked = env.getOrDefault(ENV, "").trim().toLowerCase(Locale.ROOT);
    switch (asked) {
      case "", "embedded":
        return new BackendChoice(false, null);
      case "testcontainers":
        if (dockerAvailable.getAsBoolean()) {
          return new BackendChoice(true, null);
        }
        return new BackendChoice(
            false,
            ENV
                + "=testcontainers asks for Testcontainers' Kafka, but no Docker engine is"
                + " available here: the Testcontainers path is skipped and the tests run against"
                + " the embedded broker.");
      default:
        throw new IllegalArgumentException(
            ENV
                + "="
                + env.get(ENV)
                + " is not understood: use 'embedded' (the default) or 'testcontainers'.");
    }
  }
}
