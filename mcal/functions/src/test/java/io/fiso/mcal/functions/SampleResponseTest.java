package io.fiso.mcal.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleResponseTest {

  @Test
  void answersWithTheSeedsMessageAndTheRunningJavaVersionInSnakeCase() {
    SampleResponse response = SampleApp.respond(Platform.AWS_LAMBDA, "inv-1", 5);

    assertThat(response.toJson()).isEqualTo(Json.expectedResponse("AWS Lambda", "inv-1", 5));
  }

  @Test
  void reportsEachPlatformByItsProductName() {
    assertThat(SampleApp.respond(Platform.AZURE_FUNCTIONS, null, 0).toJsonObject())
        .containsEntry("platform", "Azure Functions");
    assertThat(SampleApp.respond(Platform.GOOGLE_CLOUD_FUNCTIONS, null, 0).toJsonObject())
        .containsEntry("platform", "Google Cloud Functions");
  }

  @Test
  void writesAnUnknownInvocationIdAsJsonNull() {
    assertThat(SampleApp.respond(Platform.AWS_LAMBDA, null, 0).toJson())
        .contains("\"invocation_id\":null");
  }

  @Test
  void escapesAnInvocationIdThatIsNotAPlainToken() {
    String id = "a\"b\\c\n\u0001é";

    Map<String, Object> parsed = Json.parse(SampleApp.respond(Platform.AWS_LAMBDA, id, 0).toJson());

    assertThat(parsed).containsEntry("invocation_id", id);
  }

  @Test
  void rejectsANegativePayloadSize() {
    assertThatThrownBy(() -> SampleApp.respond(Platform.AWS_LAMBDA, "x", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payloadBytes");
  }

  @Test
  void looksUpHeadersIgnoringCaseAndSkippingBlankValues() {
    Map<String, String> headers = Map.of("x-fiso-invocation-id", " inv-7 ", "other", "x");

    assertThat(SampleApp.lookup(headers, "X-Fiso-Invocation-Id")).contains("inv-7");
    assertThat(SampleApp.lookup(Map.of("X-FISO-INVOCATION-ID", "  "), "x-fiso-invocation-id"))
        .isEmpty();
    assertThat(
            SampleApp.lookupMulti(
                Map.of("X-Fiso-Invocation-Id", List.of("", "inv-8")), "x-fiso-invocation-id"))
        .contains("inv-8");
    assertThat(SampleApp.lookup(null, "a")).isEmpty();
  }
}
