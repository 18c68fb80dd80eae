package io.fiso.devstack.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Google's HTTP function contract and the Pub/Sub Publisher API on the wire. */
class GcpFunctionsEmulatorTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static GcpFunctionsEmulator gcp;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    gcp =
        GcpFunctionsEmulator.builder()
            .sampleFunctions(false)
            .httpFunction(
                "private-fn",
                io.fiso.mcal.functions.gcp.SampleHttpFunction::new,
                true,
                Duration.ofMinutes(1))
            .start();
    channel = ManagedChannelBuilder.forTarget(gcp.pubsubHost()).usePlaintext().build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    gcp.close();
  }

  private static HttpResponse<String> post(String url, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String audience) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return "Bearer "
        + e.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + e.encodeToString(("{\"aud\":\"" + audience + "\"}").getBytes(StandardCharsets.UTF_8))
        + ".sig";
  }

  @Test
  void anHttpFunctionAnswersWithAnExecutionId() throws Exception {
    HttpResponse<String> r = post(gcp.functionUrl(GcpFunctionsEmulator.SAMPLE_FUNCTION), null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Function-Execution-Id")).isPresent();
    assertThat(r.body()).contains("\"platform\":\"Google Cloud Functions\"");
  }

  @Test
  void aPrivateFunctionChecksTheIdTokensAudience() throws Exception {
    String url = gcp.functionUrl("private-fn");

    assertThat(post(url, null).statusCode()).isEqualTo(401);
    assertThat(post(url, token("https://other.example")).statusCode()).isEqualTo(403);
    assertThat(post(url, token(url)).statusCode()).isEqualTo(200);
  }

  @Test
  void aPublishedMessageReachesTheTriggeredFunctionWithItsAttributes() throws Exception {
    PublisherGrpc.PublisherBlockingStub publisher = PublisherGrpc.newBlockingStub(channel);

    PublishResponse response =
        publisher.publish(
            PublishRequest.newBuilder()
                .setTopic(gcp.topicName(GcpFunctionsEmulator.SAMPLE_TOPIC))
                .addMessages(
                    PubsubMessage.newBuilder()
                        .setData(ByteString.copyFromUtf8("hi"))
                        .putAttributes("fiso-invocation-id", "ps-1"))
                .build());

    assertThat(response.getMessageIdsList()).hasSize(1);
    FunctionStats stats = gcp.stats(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (stats.calls("ps-1") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(stats.calls("ps-1")).isEqualTo(1);
    assertThat(stats.snapshot().functionErrors()).isZero();
  }

  @Test
  void publishingToAnUnknownTopicIsNotFound() {
    PublisherGrpc.PublisherBlockingStub publisher = PublisherGrpc.newBlockingStub(channel);

    assertThatThrownBy(
            () ->
                publisher.publish(
                    PublishRequest.newBuilder()
                        .setTopic(gcp.topicName("nope"))
                        .addMessages(
                            PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("x")))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
