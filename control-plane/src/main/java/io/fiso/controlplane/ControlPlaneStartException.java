package io.fiso.controlplane;

/** The control plane could not start; the message says what to change (port in use, ...). */
public class ControlPlaneStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ControlPlaneStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
