package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** java.net.http against the Azure Functions emulator hosting the mcal sample function. */
class AzureFunctionsInvokerTest {

  private static final String KEY = AzureFunctionsEmulator.newFunctionKey();
  private static AzureFunctionsEmulator azure;
  private static AzureFunctionsInvoker invoker;
  private static FunctionTarget sample;

  @BeforeAll
  static void start() {
    azure = AzureFunctionsEmulator.builder().sampleFunction(KEY).start();
    invoker = AzureFunctionsInvoker.builder().functionKey(SecretValue.of(KEY)).build();
    sample =
        Calls.target(
            Provider.AZURE, "eastus", azure.functionUrl(AzureFunctionsEmulator.SAMPLE_FUNCTION));
  }

  @AfterAll
  static void stop() {
    invoker.close();
    azure.close();
  }

  @BeforeEach
  void wellBehaved() {
    azure.faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).reset();
  }

  @Test
  void theKeyOpensTheFunctionAndTheInvocationIdReachesIt() throws Exception {
    Call call = Calls.sync(sample);

    CallOutcome outcome = invoker.invoke(call).get(30, TimeUnit.SECONDS);

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.SUCCEEDED);
    assertThat(Calls.text(outcome.response()))
        .contains("\"platform\":\"Azure Functions\"")
        .contains("\"invocation_id\":\"" + call.invocationId() + "\"");
    assertThat(outcome.metering().reportedByProvider()).isFalse();
    assertThat(outcome.latencyMs()).isPositive();
  }

  @Test
  void aWrongKeyIsUnauthorizedAndTheKeyIsNeverInTheMessage(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("azure-key");
    Files.writeString(keyFile, "not-the-key\n");
    try (AzureFunctionsInvoker wrong =
        AzureFunctionsInvoker.builder().functionKey(SecretValue.fromFile(keyFile)).build()) {
      CallOutcome outcome = wrong.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS);

      assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.CLIENT_ERROR);
      assertThat(outcome.statusCode()).isEqualTo(401);
      assertThat(outcome.errorMessage())
          .contains("FISO_AZURE_FUNCTION_KEY")
          .doesNotContain("not-the-key")
          .doesNotContain(KEY);
    }
  }

  @Test
  void aRotatedKeyFileIsPickedUp(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("azure-key");
    Files.writeString(keyFile, "old-key");
    try (AzureFunctionsInvoker rotating =
        AzureFunctionsInvoker.builder().functionKey(SecretValue.fromFile(keyFile)).build()) {
      assertThat(rotating.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS).statusCode())
          .isEqualTo(401);
      Files.writeString(keyFile, KEY + "\n");
      Files.setLastModifiedTime(
          keyFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));

      assertThat(rotating.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS).kind())
          .isEqualTo(CallOutcome.Kind.SUCCEEDED);
    }
  }

  @Test
  void throttlingAndUnavailabilityAreRetriableOtherErrorsAreNot() throws Exception {
    azure.faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).throttleNext(1);
    CallOutcome throttled = invoker.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS);
    azure.faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).unavailableNext(1);
    CallOutcome unavailable = invoker.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS);
    azure.faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).failNext(1);
    CallOutcome failed = invoker.invoke(Calls.sync(sample)).get(30, TimeUnit.SECONDS);

    assertThat(throttled.kind()).isEqualTo(CallOutcome.Kind.THROTTLED);
    assertThat(throttled.retryAfter()).hasSeconds(1);
    assertThat(unavailable.kind()).isEqualTo(CallOutcome.Kind.TRANSIENT);
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(failed.kind()).isEqualTo(CallOutcome.Kind.FUNCTION_ERROR);
    assertThat(failed.kind().retriable()).isFalse();
  }

  @Test
  void plainHttpIsOnlyForLoopback() {
    CallOutcome outcome =
        invoker.validate(
            Calls.sync(
                Calls.target(
                    Provider.AZURE,
                    "eastus",
                    "http://fiso-app.azurewebsites.net/api/fiso-sample")));

    assertThat(outcome.kind()).isEqualTo(CallOutcome.Kind.REJECTED);
    assertThat(outcome.errorType()).isEqualTo("InvalidTarget");
    assertThat(outcome.errorMessage()).contains("https");
  }
}
