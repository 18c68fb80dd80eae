package io.fiso.controlplane.invocation;

/** Kafka (or the schema registry) could not take a record now; the API answers 503. */
public class KafkaUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public KafkaUnavailableException(String message) {
    super(message);
  }
}
