package io.fiso.controlplane.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail: {@code type}, {@code title}, {@code status}, {@code detail}, {@code
 * instance}, plus extension members (e.g. {@code invocationId}). Types are {@code
 * urn:fiso:problem:SLUG}; docs/api.md lists them.
 */
public final class Problem {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:fiso:problem:";

  private final int status;
  private final String slug;
  private final String title;
  private final String detail;
  private final Map<String, Object> extensions = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  public Problem(int status, String slug, String title, String detail) {
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.detail = detail;
  }

  /** Adds an extension member. */
  public Problem with(String name, Object value) {
    if (value != null) {
      extensions.put(name, value);
    }
    return this;
  }

  /** Adds a response header sent with this problem (e.g. Retry-After, WWW-Authenticate). */
  public Problem header(String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
    return this;
  }

  public int status() {
    return status;
  }

  public String type() {
    return TYPE_PREFIX + slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return detail;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  /** The problem document, with {@code instance} = the request's path. */
  public Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type());
    body.put("title", title);
    body.put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    if (instance != null) {
      body.put("instance", instance);
    }
    body.putAll(extensions);
    return body;
  }

  /** The problem as an exception a handler throws. */
  public ApiException toException() {
    return new ApiException(this);
  }

  // ------------------------------------------------------------------ common problems

  public static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Bad request", detail);
  }

  public static Problem notFound(String slug, String title, String detail) {
    return new Problem(404, slug, title, detail);
  }

  public static Problem unavailable(String slug, String title, String detail) {
    return new Problem(503, slug, title, detail);
  }

  @Override
  public String toString() {
    return status + " " + type() + ": " + detail;
  }
}
