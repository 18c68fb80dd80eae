package io.fiso.controlplane.http;

import com.sun.net.httpserver.Headers;
import io.fiso.controlplane.Scope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request as handlers see it: path parameters, query, headers, and a size-limited body. */
public final class ApiRequest {

  private final String method;
  private final URI uri;
  private final Headers headers;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final InputStream bodyStream;
  private final long maxBodyBytes;
  private final Scope scope;
  private byte[] body;

  public ApiRequest(
      String method,
      URI uri,
      Headers headers,
      Map<String, String> pathParams,
      InputStream bodyStream,
      long maxBodyBytes,
      Scope scope) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.pathParams = pathParams;
    this.query = parseQuery(uri.getRawQuery());
    this.bodyStream = bodyStream;
    this.maxBodyBytes = maxBodyBytes;
    this.scope = scope;
  }

  public String method() {
    return method;
  }

  public String path() {
    return uri.getPath();
  }

  /** The scope of the caller's token; {@link Scope#ADMIN} when authentication is off. */
  public Scope scope() {
    return scope;
  }

  /** A path parameter of the route template, e.g. {@code function}, decoded. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** The first value of a query parameter, if present. */
  public Optional<String> query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a repeated query parameter. */
  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.getFirst(name));
  }

  /** The body, read once; a body larger than the limit is a 413 problem. */
  public byte[] body() {
    if (body == null) {
      body = readLimited();
    }
    return body;
  }

  private byte[] readLimited() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    try {
      int n;
      while ((n = bodyStream.read(buffer)) > 0) {
        total += n;
        if (total > maxBodyBytes) {
          throw tooLarge(maxBodyBytes, "more than " + maxBodyBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the request body", e);
    }
    return out.toByteArray();
  }

  /** The 413 problem for a body over the limit. */
  public static ApiException tooLarge(long limit, String size) {
    return new Problem(
            413,
            "payload-too-large",
            "Payload too large",
            "The request body is "
                + size
                + "; this API accepts at most "
                + limit
                + " bytes (setting max.request.bytes, FISO_MAX_REQUEST_BYTES)")
        .with("limitBytes", limit)
        .toException();
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("'" + text + "' is not correctly percent-encoded").toException();
    }
  }
}
