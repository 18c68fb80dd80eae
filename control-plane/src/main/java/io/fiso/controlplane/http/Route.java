package io.fiso.controlplane.http;

import io.fiso.controlplane.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: method, path template ({@code /api/v1/policies/{function}}, as in the OpenAPI
 * document), the scope it needs (null = public), and its handler.
 */
public record Route(String method, String template, Scope scope, Handler handler) {

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  /** The decoded path parameters when a raw (still percent-encoded) path fits, or null. */
  public Map<String, String> match(String rawPath) {
    List<String> want = segments(template);
    List<String> have = segments(rawPath);
    if (want.size() != have.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < want.size(); i++) {
      String w = want.get(i);
      if (w.startsWith("{") && w.endsWith("}")) {
        String value = ApiRequest.decode(have.get(i).replace("+", "%2B"));
        if (value.isEmpty()) {
          return null;
        }
        params.put(w.substring(1, w.length() - 1), value);
      } else if (!w.equals(have.get(i))) {
        return null;
      }
    }
    return params;
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
