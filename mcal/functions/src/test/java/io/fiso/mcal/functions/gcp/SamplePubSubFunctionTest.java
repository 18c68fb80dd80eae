package io.fiso.mcal.functions.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.mcal.functions.Json;
import io.fiso.mcal.functions.SampleResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SamplePubSubFunctionTest {

  private final SamplePubSubFunction function = new SamplePubSubFunction();

  private static PubSubEvent message(byte[] data, String attributesJson) {
    String json =
        """
        {"message":{"attributes":%s,"data":"%s","messageId":"msg-77",
                    "publishTime":"2026-11-26T10:00:00Z"},
         "subscription":"projects/my-project/subscriptions/eventarc-sub"}
        """
            .formatted(attributesJson, Base64.getEncoder().encodeToString(data));
    return new PubSubEvent("event-1", json);
  }

  @Test
  void readsTheInvocationIdAttributeAndTheDecodedPayloadSize() throws IOException {
    byte[] data = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);

    SampleResponse response =
        function.handle(message(data, "{\"fiso-invocation-id\":\"inv-async\"}"));

    assertThat(response.toJson())
        .isEqualTo(Json.expectedResponse("Google Cloud Functions", "inv-async", data.length));
  }

  @Test
  void fallsBackToThePubSubMessageId() throws IOException {
    SampleResponse response = function.handle(message(new byte[9], "{}"));

    assertThat(response.invocationId()).isEqualTo("msg-77");
    assertThat(response.payloadBytes()).isEqualTo(9);
  }

  @Test
  void acceptsAMessageWithoutDataOrAttributes() throws IOException {
    SampleResponse response =
        function.handle(new PubSubEvent("event-2", "{\"message\":{\"messageId\":\"m-2\"}}"));

    assertThat(response.invocationId()).isEqualTo("m-2");
    assertThat(response.payloadBytes()).isZero();
  }

  @Test
  void logsTheAnswerSinceNobodyWaitsForIt() throws Exception {
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(SamplePubSubFunction.class.getName());
    logger.addHandler(capture);
    try {
      function.accept(message(new byte[2], "{\"fiso-invocation-id\":\"inv-log\"}"));
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(Json.expectedResponse("Google Cloud Functions", "inv-log", 2)));
  }

  @Test
  void rejectsAnEventThatIsNotAPubSubMessageNamingTheField() {
    assertThatThrownBy(() -> function.handle(new PubSubEvent("event-3", "{\"foo\":1}")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("event-3")
        .hasMessageContaining("'message'");
  }

  @Test
  void rejectsAnEventWithoutData() {
    assertThatThrownBy(() -> function.handle(new PubSubEvent("event-4", null)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("event-4")
        .hasMessageContaining("no data");
  }

  @Test
  void rejectsDataThatIsNotBase64() {
    assertThatThrownBy(
            () ->
                function.handle(
                    new PubSubEvent("event-5", "{\"message\":{\"data\":\"%%%not-base64\"}}")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("message.data");
  }
}
