package io.fiso.controlplane.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers and body. */
public final class ApiResponse {

  public static final String JSON = "application/json";

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body == null ? new byte[0] : body;
  }

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, JSON, Json.bytes(value));
  }

  public static ApiResponse text(int status, String contentType, String text) {
    return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null, null);
  }

  public ApiResponse header(String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
    return this;
  }

  public ApiResponse headers(Map<String, String> values) {
    values.forEach(this::header);
    return this;
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
