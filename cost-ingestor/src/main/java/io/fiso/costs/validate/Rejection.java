package io.fiso.costs.validate;

import java.util.Objects;

/**
 * Why a cost event is not counted: the dead letter's error type and message.
 *
 * @param errorType a stable kind: {@code UNDECODABLE/<reason>}, {@code INVALID_COST_EVENT}, {@code
 *     NO_PRICE_SHEET}
 * @param message what is wrong, naming the field
 */
public record Rejection(String errorType, String message) {

  public static final String INVALID = "INVALID_COST_EVENT";
  public static final String NO_PRICE_SHEET = "NO_PRICE_SHEET";
  public static final String UNDECODABLE = "UNDECODABLE";

  public Rejection {
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(message, "message");
  }

  static Rejection invalid(String message) {
    return new Rejection(INVALID, message);
  }
}
