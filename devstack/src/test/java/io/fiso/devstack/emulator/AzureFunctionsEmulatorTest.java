package io.fiso.devstack.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Azure HTTP trigger host on the wire, hosting the mcal sample function. */
class AzureFunctionsEmulatorTest {

  private static final String KEY = AzureFunctionsEmulator.newFunctionKey();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static AzureFunctionsEmulator azure;

  @BeforeAll
  static void start() {
    azure = AzureFunctionsEmulator.builder().sampleFunction(KEY).start();
  }

  @AfterAll
  static void stop() {
    azure.close();
  }

  private static HttpResponse<String> post(String url, String key) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("X-Fiso-Invocation-Id", "az-1")
            .POST(HttpRequest.BodyPublishers.ofString("12345"));
    if (key != null) {
      b.header("x-functions-key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theFunctionKeyIsRequired() throws Exception {
    String url = azure.functionUrl(AzureFunctionsEmulator.SAMPLE_FUNCTION);

    assertThat(post(url, null).statusCode()).isEqualTo(401);
    assertThat(post(url, "wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> ok = post(url, KEY);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .contains("\"platform\":\"Azure Functions\"")
        .contains("\"invocation_id\":\"az-1\"")
        .contains("\"payload_bytes\":5");
    assertThat(post(url + "?code=" + KEY, null).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownFunctionsAreNotFoundAndFaultsMapToStatusCodes() throws Exception {
    String url = azure.functionUrl(AzureFunctionsEmulator.SAMPLE_FUNCTION);
    FunctionFaults faults = azure.faults(AzureFunctionsEmulator.SAMPLE_FUNCTION);

    assertThat(post(url.replace("fiso-sample", "other"), KEY).statusCode()).isEqualTo(404);
    faults.throttleNext(1);
    assertThat(post(url, KEY).statusCode()).isEqualTo(429);
    faults.unavailableNext(1);
    assertThat(post(url, KEY).statusCode()).isEqualTo(503);
    faults.failNext(1);
    assertThat(post(url, KEY).statusCode()).isEqualTo(500);
    assertThat(post(url, KEY).statusCode()).isEqualTo(200);
  }
}
