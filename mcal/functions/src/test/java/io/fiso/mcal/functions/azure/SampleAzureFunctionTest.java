package io.fiso.mcal.functions.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpResponseMessage;
import io.fiso.mcal.functions.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SampleAzureFunctionTest {

  private static final ExecutionContext CONTEXT =
      new ExecutionContext() {
        @Override
        public Logger getLogger() {
          return Logger.getLogger("fiso-sample");
        }

        @Override
        public String getInvocationId() {
          return "azure-invocation-9";
        }

        @Override
        public String getFunctionName() {
          return "fiso-sample";
        }
      };

  private final SampleAzureFunction function = new SampleAzureFunction();

  @Test
  void answersWithTheSampleJsonEchoingTheFisoHeader() {
    byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
    // The Java worker passes header names in lower case.
    var request =
        new FakeHttpRequestMessage(Map.of("x-fiso-invocation-id", "inv-az"), Optional.of(body));

    HttpResponseMessage response = function.run(request, CONTEXT);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.getBody())
        .isEqualTo(Json.expectedResponse("Azure Functions", "inv-az", body.length));
  }

  @Test
  void fallsBackToTheHostsInvocationIdWithoutTheHeader() {
    var request = new FakeHttpRequestMessage(Map.of(), Optional.empty());

    HttpResponseMessage response = function.run(request, CONTEXT);

    assertThat(Json.parse((String) response.getBody()))
        .containsEntry("invocation_id", "azure-invocation-9")
        .containsEntry("payload_bytes", 0)
        .containsEntry("platform", "Azure Functions");
  }

  @Test
  void countsABinaryBodyByteForByte() {
    byte[] body = new byte[4096];
    body[0] = (byte) 0xc3; // not valid UTF-8 on its own: must not be decoded
    var request =
        new FakeHttpRequestMessage(Map.of("X-Fiso-Invocation-Id", "i"), Optional.of(body));

    HttpResponseMessage response = function.run(request, CONTEXT);

    assertThat(Json.parse((String) response.getBody())).containsEntry("payload_bytes", 4096);
  }
}
