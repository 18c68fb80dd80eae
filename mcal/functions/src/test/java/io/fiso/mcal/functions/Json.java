package io.fiso.mcal.functions;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test helper: parse what a handler wrote, as a user's JSON client would. */
public final class Json {
  private Json() {}

  public static Map<String, Object> parse(byte[] json) {
    try {
      return JSON.std.mapFrom(json);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "not a JSON object: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  public static Map<String, Object> parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The exact document the sample function answers with, for comparisons. */
  public static String expectedResponse(String platform, String invocationId, long payloadBytes) {
    String id = invocationId == null ? "null" : "\"" + invocationId + "\"";
    return "{\"message\":\"Hello from the FISO Sample App!\",\"platform\":\""
        + platform
        + "\",\"java_version\":\""
        + System.getProperty("java.version")
        + "\",\"invocation_id\":"
        + id
        + ",\"payload_bytes\":"
        + payloadBytes
        + "}";
  }
}
