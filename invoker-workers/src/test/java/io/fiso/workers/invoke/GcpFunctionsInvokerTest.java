package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.IdToken;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.Provider;
import io.fiso.devstack.emulator.GcpFunctionsEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP and the google-cloud-pubsub Publisher against the Google Cloud Functions emulator. */
class GcpFunctionsInvokerTest {

  private static final String PRIVATE = "fiso-private";
  private static GcpFunctionsEmulator gcp;
  private static GcpFunctionsInvoker invoker;
  private static FunctionTarget sample;

  @BeforeAll
  static void start() {
    gcp =
        GcpFunctionsEmulator.builder()
            .sampleFunctions(false)
            .httpFunction(
                PRIVATE,
                io.fiso.mcal.functions.gcp.SampleHttpFunction::new,
                true,
                Duration.ofMinutes(1))
            .start();
    invoker =
        GcpFunctionsInvoker.builder()
            .auth(GcpFunctionsInvoker.Auth.NONE)
            .pubsubEmulatorHost(gcp.pubsubHost())
            .build();
    sample =
        FunctionTarget.newBuilder(
                Calls.target(
                    Provider.GCP,
                    "us-central1",
                    gcp.functionUrl(GcpFunctionsEmulator.SAMPLE_FUNCTION)))
            .setAsyncTarget(gcp.topicName(GcpFunctionsEmulator.SAMPLE_TOPIC))
            .build();
  }

  @AfterAll
  static void stop() {
    invoker.close();
    gcp.close();
  }

  @BeforeEach
  void wellBehaved() {
    gcp.faults(GcpFunctionsEmulator.SAMPLE_FUNCTION).reset();
    gcp.faults(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION).reset();
  }

  /** An unsigned JWT with this audience: the emulator checks the audience, not the signature. */
  private static IdTokenSource tokensFor(String audienceSeen) {
    return audience -> {
      String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
      String claims =
          b64(
              "{\"aud\":\""
                  + audienceSeen
                  + "\",\"exp\":"
                  + Instant.now().plusSeconds(3600).getEpochSecond()
                  + "}");
      return IdToken.create(header + "." + claims + ".c2lnbmF0dXJl").getTokenValue();
    };
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPublicHttpFunctionAnswersWithTheInvocationId() throws Exception {
    Call call = Calls.sync(sample);

    CallOutcome outcome = invoker.invoke(call).get(30, TimeUnit.SECONDS);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.SUCCEEDED);
    assertThat(Calls.text(outcome.response()))
        .contains("\"platform\":\"Google Cloud Functions\"")
        .contains("\"invocation_id\":\"" + call.invocationId() + "\"");
  }

  @Test
  void aPrivateFunctionNeedsAnIdTokenForItsOwnUrl() throws Exception {
    FunctionTarget privateTarget =
        Calls.target(Provider.GCP, "us-central1", gcp.functionUrl(PRIVATE));
    try (GcpFunctionsInvoker withToken =
            GcpFunctionsInvoker.builder().idTokens(tokensFor(gcp.functionUrl(PRIVATE))).build();
        GcpFunctionsInvoker otherAudience =
            GcpFunctionsInvoker.builder()
                .idTokens(tokensFor("https://elsewhere.example"))
                .build()) {

      CallOutcome anonymous = invoker.invoke(Calls.sync(privateTarget)).get(30, TimeUnit.SECONDS);
      CallOutcome authorized =
          withToken.invoke(Calls.sync(privateTarget)).get(30, TimeUnit.SECONDS);
      CallOutcome wrongAudience =
          otherAudience.invoke(Calls.sync(privateTarget)).get(30, TimeUnit.SECONDS);

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.kind()).isEqualTo(CallOutcome.Kind.CLIENT_ERROR);
      assertThat(authorized.kind()).isEqualTo(CallOutcome.Kind.SUCCEEDED);
      assertThat(wrongAudience.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void anAsyncCallPublishesToTheTriggerTopicWithTheInvocationIdAttribute() throws Exception {
    Call call =
        Calls.call(
            sample,
            InvocationMode.ASYNC,
            "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(10));

    CallOutcome outcome = invoker.invoke(call).get(30, TimeUnit.SECONDS);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.ACCEPTED);
    assertThat(outcome.statusCode()).isEqualTo(202);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gcp.stats(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION).calls(call.invocationId()) == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(gcp.stats(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION).calls(call.invocationId()))
        .isEqualTo(1);
  }

  @Test
  void publishingToAnUnknownTopicIsAClientError() throws Exception {
    FunctionTarget noTopic =
        FunctionTarget.newBuilder(sample).setAsyncTarget(gcp.topicName("no-such-topic")).build();

    CallOutcome outcome =
        invoker
            .invoke(Calls.call(noTopic, InvocationMode.ASYNC, new byte[1], Duration.ofSeconds(10)))
            .get(30, TimeUnit.SECONDS);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.CLIENT_ERROR);
    assertThat(outcome.statusCode()).isEqualTo(404);
  }

  @Test
  void anAsyncCallWithoutATopicIsRejected() {
    FunctionTarget httpOnly =
        Calls.target(
            Provider.GCP, "us-central1", gcp.functionUrl(GcpFunctionsEmulator.SAMPLE_FUNCTION));

    CallOutcome outcome =
        invoker.validate(
            Calls.call(httpOnly, InvocationMode.ASYNC, new byte[1], Duration.ofSeconds(1)));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.REJECTED);
    assertThat(outcome.errorMessage()).contains("asyncTarget");
  }

  @Test
  void throttlingIsRetriable() throws Exception {
    gcp.faults(GcpFunctionsEmulator.SAMPLE_FUNCTION).throttleNext(1);

    CallOutcome outcome = invoker.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.THROTTLED);
    assertThat(outcome.statusCode()).isEqualTo(429);
  }
}
