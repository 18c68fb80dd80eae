package io.fiso.devstack.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda Invoke API on the wire, hosting the mcal sample handler. */
class LambdaEmulatorTest {

  private static final String FN = LambdaEmulator.SAMPLE_FUNCTION;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static LambdaEmulator lambda;

  @BeforeAll
  static void start() {
    lambda = LambdaEmulator.builder().sampleFunction().start();
  }

  @AfterAll
  static void stop() {
    lambda.close();
  }

  @BeforeEach
  void reset() {
    lambda.faults(FN).reset();
  }

  private static HttpResponse<String> invoke(String function, String type, String clientContext)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    lambda.endpoint() + "/2015-03-31/functions/" + function + "/invocations"))
            .header("X-Amz-Invocation-Type", type)
            .header("X-Amz-Log-Type", "Tail")
            .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"));
    if (clientContext != null) {
      b.header(
          "X-Amz-Client-Context",
          Base64.getEncoder().encodeToString(clientContext.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String report(HttpResponse<?> r) {
    String log =
        new String(
            Base64.getDecoder().decode(r.headers().firstValue("X-Amz-Log-Result").orElseThrow()),
            StandardCharsets.UTF_8);
    return log.substring(log.indexOf("REPORT RequestId:"));
  }

  private static double field(String report, String name) {
    Matcher m =
        Pattern.compile("\\t" + Pattern.quote(name) + ": ([0-9.]+)")
            .matcher("\t" + report.substring(report.indexOf('\t')));
    assertThat(m.find()).as(name + " in " + report).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aSynchronousInvokeRunsTheHandlerWithTheClientContextAndReportsHonestly() throws Exception {
    lambda.faults(FN).coldStartNext(1);
    HttpResponse<String> cold =
        invoke(
            lambda.arn(FN),
            "RequestResponse",
            "{\"custom\":{\"X-Fiso-Invocation-Id\":\"inv-42\"}}");
    HttpResponse<String> warm = invoke(FN, "RequestResponse", null);

    assertThat(cold.statusCode()).isEqualTo(200);
    assertThat(cold.body())
        .contains("\"invocation_id\":\"inv-42\"")
        .contains("\"platform\":\"AWS Lambda\"");
    assertThat(cold.headers().firstValue("X-Amz-Executed-Version")).contains("$LATEST");
    String coldReport = report(cold);
    assertThat(coldReport).contains("Init Duration:").contains("Memory Size: 128 MB");
    assertThat(field(coldReport, "Billed Duration"))
        .isEqualTo(
            Math.ceil(field(coldReport, "Duration") + field(coldReport, "Init Duration")),
            org.assertj.core.data.Offset.offset(1.0));
    String warmReport = report(warm);
    assertThat(warmReport).doesNotContain("Init Duration");
    assertThat(field(warmReport, "Billed Duration"))
        .isGreaterThanOrEqualTo(field(warmReport, "Duration"));
    assertThat(field(warmReport, "Billed Duration") - field(warmReport, "Duration"))
        .isLessThan(1.0);
    assertThat(lambda.stats(FN).calls("inv-42")).isEqualTo(1);
  }

  @Test
  void errorsHaveLambdasShapes() throws Exception {
    HttpResponse<String> missing = invoke("nope", "RequestResponse", null);
    lambda.faults(FN).throttleNext(1);
    HttpResponse<String> throttled = invoke(FN, "RequestResponse", null);
    lambda.faults(FN).failNext(1);
    HttpResponse<String> failed = invoke(FN, "RequestResponse", null);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("x-amzn-ErrorType"))
        .contains("ResourceNotFoundException");
    assertThat(missing.body()).contains("Function not found: " + lambda.arn("nope"));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("x-amzn-ErrorType"))
        .contains("TooManyRequestsException");
    assertThat(throttled.body())
        .contains("\"Type\":\"User\"")
        .contains("\"message\":\"Rate Exceeded.\"");
    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(failed.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    assertThat(failed.body()).contains("\"errorMessage\"").contains("\"errorType\"");
  }

  @Test
  void anEventIsAcceptedAndTheClientContextIsNotPassed() throws Exception {
    long before = lambda.stats(FN).invocations();

    HttpResponse<String> accepted =
        invoke(FN, "Event", "{\"custom\":{\"X-Fiso-Invocation-Id\":\"async-1\"}}");

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.body()).isEmpty();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (lambda.stats(FN).invocations() == before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(lambda.stats(FN).invocations()).isEqualTo(before + 1);
    assertThat(lambda.stats(FN).calls("async-1")).isZero();
  }

  @Test
  void callsBeyondTheConcurrencyLimitAreThrottled() throws Exception {
    lambda.faults(FN).concurrencyLimit(1).latency(Duration.ofMillis(500));

    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return invoke(FN, "RequestResponse", null);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (lambda.stats(FN).snapshot().running() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    HttpResponse<String> second = invoke(FN, "RequestResponse", null);

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body()).contains("ReservedFunctionConcurrentInvocationLimitExceeded");
    assertThat(first.get().statusCode()).isEqualTo(200);
  }

  @Test
  void theControlApiSetsFaults() throws Exception {
    HttpResponse<String> set =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(lambda.endpoint() + "/_emulator/functions/" + FN + "/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"throttleNext\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(invoke(FN, "RequestResponse", null).statusCode()).isEqualTo(429);
    assertThat(invoke(FN, "RequestResponse", null).statusCode()).isEqualTo(200);
  }
}
