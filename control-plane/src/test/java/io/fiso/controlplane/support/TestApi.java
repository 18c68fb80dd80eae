package io.fiso.controlplane.support;

import io.fiso.controlplane.ControlPlane;
import io.fiso.controlplane.ControlPlaneConfig;
import io.fiso.controlplane.backend.CostsBackend;
import io.fiso.controlplane.backend.ProvidersBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A control plane on a free port with fake backends, and an HTTP client for it. */
public final class TestApi implements AutoCloseable {

  public final FakeGateway gateway = new FakeGateway();
  public final FakePolicyStore policies = new FakePolicyStore();
  public final ControlPlane controlPlane;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TestApi(ControlPlaneConfig.Builder config) {
    this(config, CostsBackend.unavailable("no costs in this test"), List::of);
  }

  public TestApi(
      ControlPlaneConfig.Builder config, CostsBackend costs, ProvidersBackend providers) {
    controlPlane =
        ControlPlane.builder(config.port(0).bindAddress("127.0.0.1").build())
            .gateway(gateway)
            .policies(policies)
            .costs(costs)
            .providers(providers)
            .start();
  }

  public static TestApi withDefaults() {
    return new TestApi(ControlPlaneConfig.builder());
  }

  public URI uri(String pathAndQuery) {
    return URI.create(controlPlane.baseUri() + pathAndQuery);
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = request(pathAndQuery).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<String> post(String pathAndQuery, String body, String... headers) {
    HttpRequest.Builder b =
        request(pathAndQuery)
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<String> put(String pathAndQuery, String body, String... headers) {
    HttpRequest.Builder b = request(pathAndQuery).PUT(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  public HttpResponse<String> delete(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = request(pathAndQuery).DELETE();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  @Override
  public void close() {
    controlPlane.close();
  }
}
