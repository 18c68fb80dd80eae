package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.Provider;
import io.fiso.devstack.emulator.LambdaEmulator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS SDK's LambdaAsyncClient against the Lambda emulator hosting the mcal sample handler. */
class AwsLambdaInvokerTest {

  private static LambdaEmulator lambda;
  private static AwsLambdaInvoker invoker;
  private static FunctionTarget sample;

  @BeforeAll
  static void start() {
    lambda = LambdaEmulator.builder().sampleFunction().start();
    invoker =
        AwsLambdaInvoker.builder().endpointOverride(lambda.endpoint()).devCredentials().build();
    sample = Calls.target(Provider.AWS, "us-east-1", lambda.arn(LambdaEmulator.SAMPLE_FUNCTION));
  }

  @AfterAll
  static void stop() {
    invoker.close();
    lambda.close();
  }

  @BeforeEach
  void wellBehaved() {
    lambda.faults(LambdaEmulator.SAMPLE_FUNCTION).reset();
  }

  private static CallOutcome invoke(Call call) throws Exception {
    return invoker.invoke(call).get(30, TimeUnit.SECONDS);
  }

  @Test
  void aSynchronousCallReturnsTheFunctionsAnswerAndItsReportLine() throws Exception {
    lambda.faults(LambdaEmulator.SAMPLE_FUNCTION).coldStartNext(1);
    Call call = Calls.sync(sample);

    CallOutcome cold = invoke(call);
    CallOutcome warm = invoke(Calls.sync(sample));

    assertThat(cold.kind()).isEqualTo(CallOutcome.Kind.SUCCEEDED);
    assertThat(cold.statusCode()).isEqualTo(200);
    // The invocation id travelled in the client context to the handler, which echoes it.
    assertThat(Calls.text(cold.response()))
        .contains("\"platform\":\"AWS Lambda\"")
        .contains("\"invocation_id\":\"" + call.invocationId() + "\"");
    assertThat(cold.metering().reportedByProvider()).isTrue();
    assertThat(cold.metering().memorySizeMb()).isEqualTo(128);
    assertThat(cold.metering().billedDurationMs()).isGreaterThanOrEqualTo(1L);
    assertThat(cold.coldStart()).isTrue();
    assertThat(warm.coldStart()).isFalse();
    assertThat(warm.metering().billedDurationMs())
        .isEqualTo((long) Math.ceil(warm.metering().durationMs()));
  }

  @Test
  void anUnhandledErrorIsAFunctionError() throws Exception {
    lambda.faults(LambdaEmulator.SAMPLE_FUNCTION).failNext(1);

    CallOutcome outcome = invoke(Calls.sync(sample));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.FUNCTION_ERROR);
    assertThat(outcome.errorType()).isEqualTo("Unhandled");
    assertThat(outcome.errorMessage()).contains("injected failure");
    assertThat(outcome.metering().reportedByProvider()).isTrue();
  }

  @Test
  void throttlingIsRetriableAndReachedTheProvider() throws Exception {
    lambda.faults(LambdaEmulator.SAMPLE_FUNCTION).throttleNext(1);

    CallOutcome outcome = invoke(Calls.sync(sample));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.THROTTLED);
    assertThat(outcome.kind().retriable()).isTrue();
    assertThat(outcome.statusCode()).isEqualTo(429);
    assertThat(outcome.errorType()).isEqualTo("TooManyRequestsException");
    assertThat(outcome.reachedProvider()).isTrue();
  }

  @Test
  void anUnknownFunctionIsAClientErrorNamingIt() throws Exception {
    FunctionTarget missing =
        Calls.target(Provider.AWS, "us-east-1", lambda.arn("no-such-function"));

    CallOutcome outcome = invoke(Calls.sync(missing));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.CLIENT_ERROR);
    assertThat(outcome.statusCode()).isEqualTo(404);
    assertThat(outcome.errorType()).isEqualTo("ResourceNotFoundException");
    assertThat(outcome.errorMessage()).contains("no-such-function");
  }

  @Test
  void aPayloadOverTheAsyncLimitIsRefusedBeforeTheCall() throws Exception {
    long before = lambda.stats(LambdaEmulator.SAMPLE_FUNCTION).snapshot().requests();
    Call call =
        Calls.call(
            sample,
            InvocationMode.ASYNC,
            new byte[AwsLambdaInvoker.MAX_ASYNC_PAYLOAD_BYTES + 1],
            Duration.ofSeconds(10));

    CallOutcome outcome = invoke(call);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.REJECTED);
    assertThat(outcome.statusCode()).isEqualTo(413);
    assertThat(outcome.errorMessage()).contains("1048576");
    assertThat(lambda.stats(LambdaEmulator.SAMPLE_FUNCTION).snapshot().requests())
        .isEqualTo(before);
  }

  @Test
  void aSyncPayloadUnderSixMegabytesIsSent() throws Exception {
    Call call =
        Calls.call(
            sample,
            InvocationMode.SYNC,
            new byte[AwsLambdaInvoker.MAX_ASYNC_PAYLOAD_BYTES + 1],
            Duration.ofSeconds(20));

    CallOutcome outcome = invoke(call);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.SUCCEEDED);
    assertThat(Calls.text(outcome.response()))
        .contains("\"payload_bytes\":" + (AwsLambdaInvoker.MAX_ASYNC_PAYLOAD_BYTES + 1));
  }

  @Test
  void aCallLongerThanItsTimeoutTimesOut() throws Exception {
    lambda.faults(LambdaEmulator.SAMPLE_FUNCTION).latency(Duration.ofSeconds(2));

    CallOutcome outcome =
        invoke(Calls.call(sample, InvocationMode.SYNC, new byte[0], Duration.ofMillis(300)));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.TIMED_OUT);
    assertThat(outcome.reachedProvider()).isTrue();
  }

  @Test
  void anAsynchronousCallIsAcceptedAndRunsLater() throws Exception {
    long before = lambda.stats(LambdaEmulator.SAMPLE_FUNCTION).invocations();

    CallOutcome outcome =
        invoke(Calls.call(sample, InvocationMode.ASYNC, "{}".getBytes(), Duration.ofSeconds(10)));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.ACCEPTED);
    assertThat(outcome.statusCode()).isEqualTo(202);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lambda.stats(LambdaEmulator.SAMPLE_FUNCTION).invocations() == before
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(lambda.stats(LambdaEmulator.SAMPLE_FUNCTION).invocations()).isEqualTo(before + 1);
  }

  @Test
  void anOutageIsTransient() throws Exception {
    lambda.faults(LambdaEmulator.SAMPLE_FUNCTION).unavailable(true);

    CallOutcome outcome = invoke(Calls.sync(sample));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.TRANSIENT);
    assertThat(outcome.statusCode()).isEqualTo(500);
    assertThat(outcome.errorType()).isEqualTo("ServiceException");
  }

  @Test
  void nobodyListeningIsTransientAndDidNotReachTheProvider() throws Exception {
    LambdaEmulator gone = LambdaEmulator.builder().sampleFunction().start();
    gone.close();
    try (AwsLambdaInvoker toNowhere =
        AwsLambdaInvoker.builder().endpointOverride(gone.endpoint()).devCredentials().build()) {
      CallOutcome outcome = toNowhere.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS);

      assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.TRANSIENT);
      assertThat(outcome.reachedProvider()).isFalse();
    }
  }

  @Test
  void aTargetThatIsNotAFunctionNameIsRejected() throws Exception {
    CallOutcome outcome =
        invoke(
            Calls.sync(
                Calls.target(Provider.AWS, "us-east-1", "https://example.com/not-a-lambda")));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.REJECTED);
    assertThat(outcome.errorType()).isEqualTo("InvalidTarget");
  }
}
