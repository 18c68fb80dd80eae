package io.fiso.mcal.functions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared core of the sample function. Every cloud's handler only adapts its platform's request
 * to {@link #respond} and writes the {@link SampleResponse} back as JSON.
 *
 * <p>FISO passes each invocation's id so that functions can deduplicate at-least-once calls: in the
 * HTTP header {@value #INVOCATION_ID_HEADER}, in the Pub/Sub message attribute {@value
 * #INVOCATION_ID_ATTRIBUTE}, and in the Lambda client context's {@code custom} map under either
 * name.
 */
public final class SampleApp {

  public static final String MESSAGE = "Hello from the FISO Sample App!";
  public static final String INVOCATION_ID_HEADER = "X-Fiso-Invocation-Id";
  public static final String INVOCATION_ID_ATTRIBUTE = "fiso-invocation-id";
  public static final String JSON_CONTENT_TYPE = "application/json";

  private SampleApp() {}

  /**
   * The sample function itself.
   *
   * @param invocationId the id FISO passed, or the platform's request id; may be {@code null}
   * @param payloadBytes the size of the request payload in bytes
   */
  public static SampleResponse respond(Platform platform, String invocationId, long payloadBytes) {
    return new SampleResponse(
        MESSAGE, platform, System.getProperty("java.version"), invocationId, payloadBytes);
  }

  /**
   * The first non-blank value among {@code names} in {@code values}, keys compared ignoring case
   * (HTTP header names are case-insensitive and platforms differ in how they normalise them).
   */
  public static Optional<String> lookup(Map<String, String> values, String... names) {
    if (values == null) {
      return Optional.empty();
    }
    for (String name : names) {
      for (Map.Entry<String, String> entry : values.entrySet()) {
        if (name.equalsIgnoreCase(entry.getKey()) && !isBlank(entry.getValue())) {
          return Optional.of(entry.getValue().strip());
        }
      }
    }
    return Optional.empty();
  }

  /** Like {@link #lookup} for multi-valued headers: the first non-blank value of the first name. */
  public static Optional<String> lookupMulti(Map<String, List<String>> values, String... names) {
    if (values == null) {
      return Optional.empty();
    }
    for (String name : names) {
      for (Map.Entry<String, List<String>> entry : values.entrySet()) {
        if (name.equalsIgnoreCase(entry.getKey()) && entry.getValue() != null) {
          for (String value : entry.getValue()) {
            if (!isBlank(value)) {
              return Optional.of(value.strip());
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
