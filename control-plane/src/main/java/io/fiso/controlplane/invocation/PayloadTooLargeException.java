package io.fiso.controlplane.invocation;

/** Kafka refused a record as too large (producer max.request.size or the topic's limit): 413. */
public class PayloadTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
