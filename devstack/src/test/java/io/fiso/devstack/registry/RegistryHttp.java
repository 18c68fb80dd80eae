package io.fiso.devstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;

/** Raw HTTP calls to a registry, to check the API at the wire level. */
final class RegistryHttp {

  static final String V1 = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Response(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    int errorCode() {
      return json().path("error_code").asInt();
    }
  }

  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  RegistryHttp(String url) {
    this.url = url;
  }

  Response get(String path) {
    return send("GET", path, null, null, V1);
  }

  Response get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  Response post(String path, String body) {
    return send("POST", path, body, V1, V1);
  }

  Response put(String path, String body) {
    return send("PUT", path, body, V1, V1);
  }

  Response delete(String path) {
    return send("DELETE", path, null, null, V1);
  }

  Response send(String method, String path, String body, String contentType, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code {"schema": "<schema JSON>"}}. */
  static String schemaBody(Schema schema) {
    return json(Map.of("schema", schema.toString()));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
