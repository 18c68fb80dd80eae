package io.fiso.mcal.functions.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.mcal.functions.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleHttpFunctionTest {

  private final SampleHttpFunction function = new SampleHttpFunction();

  private FakeHttp.Response call(Map<String, String> headers, byte[] body) throws Exception {
    FakeHttp.Response response = new FakeHttp.Response();
    function.service(new FakeHttp.Request(headers, body), response);
    return response;
  }

  @Test
  void answersWithTheSampleJsonEchoingTheFisoHeader() throws Exception {
    byte[] body = "hello, gcp".getBytes(StandardCharsets.UTF_8);

    FakeHttp.Response response = call(Map.of("X-Fiso-Invocation-Id", "inv-gcp"), body);

    assertThat(response.status).isEqualTo(200);
    assertThat(response.contentType).isEqualTo("application/json");
    assertThat(response.bodyText())
        .isEqualTo(Json.expectedResponse("Google Cloud Functions", "inv-gcp", body.length));
  }

  @Test
  void fallsBackToThePlatformExecutionIdHeader() throws Exception {
    FakeHttp.Response response = call(Map.of("function-execution-id", "exec-1"), new byte[3]);

    assertThat(Json.parse(response.bodyText()))
        .containsEntry("invocation_id", "exec-1")
        .containsEntry("payload_bytes", 3);
  }

  @Test
  void reportsNoInvocationIdWhenNoneWasGiven() throws Exception {
    FakeHttp.Response response = call(Map.of(), new byte[0]);

    assertThat(Json.parse(response.bodyText()))
        .containsEntry("invocation_id", null)
        .containsEntry("payload_bytes", 0)
        .containsEntry("platform", "Google Cloud Functions");
  }

  @Test
  void countsALargeBinaryBodyByteForByte() throws Exception {
    byte[] body = new byte[1_000_001];
    body[17] = (byte) 0xfe;

    FakeHttp.Response response = call(Map.of("X-Fiso-Invocation-Id", "big"), body);

    assertThat(Json.parse(response.bodyText())).containsEntry("payload_bytes", 1_000_001);
  }
}
