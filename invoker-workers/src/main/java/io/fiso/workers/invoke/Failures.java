package io.fiso.workers.invoke;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers shared by the invokers' error classification. */
final class Failures {

  private Failures() {}

  /**
   * The failure behind the wrappers that async APIs add: {@link CompletionException} and {@link
   * ExecutionException}. Classifying the wrapper instead of the cause is a known bug in Lambda
   * connectors (their "request too large" branch never ran).
   */
  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null
        && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }

  /** Whether {@code t} or one of its causes is of {@code type}. */
  static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** A short description: the exception's simple name and message. */
  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
