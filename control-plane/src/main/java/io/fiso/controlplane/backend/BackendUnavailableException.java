package io.fiso.controlplane.backend;

/**
 * A backend cannot answer now (not wired, still loading, its store is rebalancing). The API answers
 * 503 with this message, so say what is missing and what to do.
 */
public class BackendUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
