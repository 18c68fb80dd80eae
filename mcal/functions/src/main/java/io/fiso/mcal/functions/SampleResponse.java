package io.fiso.mcal.functions;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the sample function answers on every cloud: the seed's response ({@code message}, {@code
 * platform}, and the runtime version, here {@code java_version}) plus the invocation id it was
 * given and the size of the payload it received.
 *
 * @param invocationId the FISO invocation id the caller passed, else the platform's own request id;
 *     {@code null} when neither is known
 */
public record SampleResponse(
    String message, Platform platform, String javaVersion, String invocationId, long payloadBytes) {

  public static final String FIELD_MESSAGE = "message";
  public static final String FIELD_PLATFORM = "platform";
  public static final String FIELD_JAVA_VERSION = "java_version";
  public static final String FIELD_INVOCATION_ID = "invocation_id";
  public static final String FIELD_PAYLOAD_BYTES = "payload_bytes";

  /** An unknown invocation id is written as {@code null}, not left out. */
  private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

  public SampleResponse {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(platform, "platform");
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("payloadBytes must be >= 0, was " + payloadBytes);
    }
  }

  /** The response as the JSON object users see, fields in the documented order. */
  public Map<String, Object> toJsonObject() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(FIELD_MESSAGE, message);
    json.put(FIELD_PLATFORM, platform.displayName());
    json.put(FIELD_JAVA_VERSION, javaVersion);
    json.put(FIELD_INVOCATION_ID, invocationId);
    json.put(FIELD_PAYLOAD_BYTES, payloadBytes);
    return json;
  }

  public String toJson() {
    try {
      return WRITER.asString(toJsonObject());
    } catch (IOException e) {
      // Strings and a long only: writing to a String cannot fail for I/O reasons.
      throw new UncheckedIOException("could not write the sample response as JSON", e);
    }
  }

  public byte[] toJsonBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }
}
