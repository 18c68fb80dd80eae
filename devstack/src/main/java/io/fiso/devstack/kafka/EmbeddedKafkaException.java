package io.fiso.devstack.kafka;

/**
 * The embedded broker could not be formatted, started or stopped; the message says why and how to
 * fix it.
 */
public class EmbeddedKafkaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddedKafkaException(String message) {
    super(message);
  }

  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}
