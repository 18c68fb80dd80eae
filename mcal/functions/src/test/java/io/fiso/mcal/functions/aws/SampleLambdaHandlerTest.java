package io.fiso.mcal.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import io.fiso.mcal.functions.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleLambdaHandlerTest {

  private final SampleLambdaHandler handler = new SampleLambdaHandler();

  private String invoke(byte[] payload, Context context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(payload), out, context);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void answersADirectInvocationWithTheSampleJsonAndEchoesTheClientContextId() throws IOException {
    byte[] payload = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
    Context context = new FakeLambdaContext("req-1", Map.of("X-Fiso-Invocation-Id", "inv-123"));

    String answer = invoke(payload, context);

    assertThat(answer).isEqualTo(Json.expectedResponse("AWS Lambda", "inv-123", payload.length));
  }

  @Test
  void acceptsTheAttributeStyleNameInTheClientContext() throws IOException {
    Context context = new FakeLambdaContext("req-2", Map.of("fiso-invocation-id", "inv-attr"));

    assertThat(Json.parse(invoke(new byte[0], context))).containsEntry("invocation_id", "inv-attr");
  }

  @Test
  void fallsBackToTheLambdaRequestIdWithoutAClientContext() throws IOException {
    Map<String, Object> answer =
        Json.parse(invoke(new byte[0], FakeLambdaContext.withoutClientContext("req-3")));

    assertThat(answer).containsEntry("invocation_id", "req-3").containsEntry("payload_bytes", 0);
  }

  @Test
  void fallsBackToTheRequestIdWhenTheClientContextHasNoFisoId() throws IOException {
    Context context = new FakeLambdaContext("req-4", Map.of("someone-else", "x"));

    assertThat(Json.parse(invoke(new byte[0], context))).containsEntry("invocation_id", "req-4");
  }

  @Test
  void countsBinaryPayloadsByteForByte() throws IOException {
    byte[] payload = new byte[70_000];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }

    Map<String, Object> answer =
        Json.parse(invoke(payload, FakeLambdaContext.withoutClientContext("req-5")));

    assertThat(answer).containsEntry("payload_bytes", 70_000);
  }

  @Test
  void treatsAJsonPayloadThatIsNotAFunctionUrlEventAsThePayload() throws IOException {
    byte[] payload =
        "{\"version\":\"2.0\",\"body\":\"not an HTTP event\"}".getBytes(StandardCharsets.UTF_8);

    Map<String, Object> answer =
        Json.parse(invoke(payload, FakeLambdaContext.withoutClientContext("req-6")));

    assertThat(answer)
        .containsEntry("payload_bytes", payload.length)
        .containsEntry("platform", "AWS Lambda");
  }

  @Test
  void answersAFunctionUrlRequestWithAnHttpResponseReadingBodyAndHeader() throws IOException {
    byte[] body = {0, 1, 2, 3, (byte) 0xff, 5, 6};
    String event =
        """
        {"version":"2.0","routeKey":"$default","rawPath":"/","rawQueryString":"",
         "headers":{"x-fiso-invocation-id":"inv-url","content-type":"application/octet-stream"},
         "requestContext":{"http":{"method":"POST","path":"/","protocol":"HTTP/1.1"},
                           "requestId":"url-req"},
         "body":"%s","isBase64Encoded":true}
        """
            .formatted(Base64.getEncoder().encodeToString(body));

    Map<String, Object> http =
        Json.parse(
            invoke(
                event.getBytes(StandardCharsets.UTF_8),
                FakeLambdaContext.withoutClientContext("req-7")));

    assertThat(http).containsEntry("statusCode", 200);
    assertThat(http.get("headers")).isEqualTo(Map.of("Content-Type", "application/json"));
    assertThat((String) http.get("body"))
        .isEqualTo(Json.expectedResponse("AWS Lambda", "inv-url", body.length));
  }

  @Test
  void countsAPlainTextFunctionUrlBodyInUtf8Bytes() throws IOException {
    String event =
        """
        {"version":"2.0","headers":{},"requestContext":{"http":{"method":"POST"}},
         "body":"héllo","isBase64Encoded":false}
        """;

    Map<String, Object> http =
        Json.parse(
            invoke(
                event.getBytes(StandardCharsets.UTF_8),
                FakeLambdaContext.withoutClientContext("req-8")));

    assertThat(Json.parse((String) http.get("body")))
        .containsEntry("payload_bytes", 6)
        .containsEntry("invocation_id", "req-8");
  }

  @Test
  void theHandlerConstantNamesThisClassAndMethod() throws NoSuchMethodException {
    String[] handlerParts = SampleLambdaHandler.HANDLER.split("::");

    assertThat(handlerParts[0]).isEqualTo(SampleLambdaHandler.class.getName());
    assertThat(
            SampleLambdaHandler.class.getMethod(
                handlerParts[1],
                java.io.InputStream.class,
                java.io.OutputStream.class,
                Context.class))
        .isNotNull();
  }
}
