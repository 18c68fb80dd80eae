package io.fiso.mcal.functions.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import io.fiso.mcal.functions.SampleApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Lambda function URL request (HTTP payload format 2.0), recognised by its {@code version} "2.0"
 * and its {@code requestContext.http} object. Any other payload is a direct invocation.
 */
record FunctionUrlEvent(Map<String, String> headers, byte[] body) {

  static Optional<FunctionUrlEvent> parse(byte[] payload) {
    if (!startsLikeJsonObject(payload)) {
      return Optional.empty();
    }
    Map<String, Object> event;
    try {
      event = JSON.std.mapFrom(payload);
    } catch (IOException | RuntimeException notJson) {
      return Optional.empty();
    }
    if (!"2.0".equals(event.get("version"))
        || !(event.get("requestContext") instanceof Map<?, ?> requestContext)
        || !(requestContext.get("http") instanceof Map<?, ?>)) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.get("headers") instanceof Map<?, ?> rawHeaders) {
      rawHeaders.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
    }
    byte[] body;
    if (event.get("body") instanceof String text) {
      if (Boolean.TRUE.equals(event.get("isBase64Encoded"))) {
        try {
          body = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
          return Optional.empty();
        }
      } else {
        body = text.getBytes(StandardCharsets.UTF_8);
      }
    } else {
      body = new byte[0];
    }
    return Optional.of(new FunctionUrlEvent(headers, body));
  }

  /** The function URL response: HTTP 200 with the JSON document as its body. */
  static byte[] httpResponse(String json) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("statusCode", 200);
    response.put("headers", Map.of("Content-Type", SampleApp.JSON_CONTENT_TYPE));
    response.put("body", json);
    response.put("isBase64Encoded", false);
    try {
      return JSON.std.asBytes(response);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the function URL response", e);
    }
  }

  private static boolean startsLikeJsonObject(byte[] payload) {
    for (byte b : payload) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return false;
  }
}
