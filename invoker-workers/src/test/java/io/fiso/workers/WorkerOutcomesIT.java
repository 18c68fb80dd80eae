package io.fiso.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.emulator.GcpFunctionsEmulator;
import io.fiso.devstack.emulator.LambdaEmulator;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per outcome a user can get from a worker, on the embedded broker, through the cloud
 * emulators hosting the mcal sample function: each ends with the result and cost events the user
 * would expect on fiso.results and fiso.costs.
 */
@FisoKafka
class WorkerOutcomesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static CloudEmulators clouds;
  private static Harness h;

  /**
   * One set of topics and one worker group per provider for the whole class (a new share group
   * takes a few seconds to get its first assignment); every test uses its own invocation ids.
   */
  @BeforeAll
  static void start(KafkaTestEnv env) throws Exception {
    clouds = CloudEmulators.start();
    h = new Harness(env, clouds);
    // Room for the 7 MB payload of the payload-too-large test.
    String routedAws = h.topics.routedAws().name();
    env.admin()
        .incrementalAlterConfigs(
            Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, routedAws),
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", Integer.toString(16 * 1024 * 1024)),
                        AlterConfigOp.OpType.SET))))
        .all()
        .get(30, TimeUnit.SECONDS);
    for (Provider p : Provider.values()) {
      h.start(h.settings(p).withCallTimeout(Duration.ofSeconds(2)));
    }
    h.startRouter(
        List.of(h.target(Provider.AZURE), h.target(Provider.AWS), h.target(Provider.GCP)));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
    clouds.close();
  }

  @BeforeEach
  void wellBehavedClouds() {
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).reset();
    clouds.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).reset();
    clouds.gcp().faults(GcpFunctionsEmulator.SAMPLE_FUNCTION).reset();
    clouds.gcp().faults(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION).reset();
  }

  private InvocationResult resultOf(String id) {
    return h.results.await(r -> r.getInvocationId().equals(id), 1, WAIT).get(0);
  }

  private List<CostEvent> costsOf(String id, int count) {
    return h.costs.await(c -> c.getInvocationId().equals(id), count, WAIT);
  }

  private static String text(InvocationResult r) {
    byte[] b = new byte[r.getResponse().remaining()];
    r.getResponse().duplicate().get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void anInvocationRoutedInAnAbortedTransactionIsNeverCalled() throws Exception {
    // The router writes routed invocations in transactions; one that aborts is routed again by the
    // router's retry, so a worker that called it too would run (and bill) the function twice.
    String topic = h.topics.routedAws().name();
    Map<String, Object> p = new java.util.HashMap<>(h.env.clientProperties());
    p.put(
        org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, h.env.name("tx"));
    try (var tx =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            p,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      tx.initTransactions();
      for (String id : List.of("tx-aborted", "tx-committed")) {
        InvocationRequest request = Fixtures.request(id);
        byte[] value =
            h.serializer.serialize(
                topic, Fixtures.routed(request, h.target(Provider.AWS), h.policy()));
        tx.beginTransaction();
        // One partition, so the committed record lies behind the aborted one.
        tx.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, id, value)).get();
        if (id.equals("tx-aborted")) {
          tx.abortTransaction();
        } else {
          tx.commitTransaction();
        }
      }
    }
    h.route(Fixtures.request("tx-after"), h.target(Provider.AWS));

    assertThat(resultOf("tx-committed").getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(resultOf("tx-after").getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(h.results.matching(r -> r.getInvocationId().equals("tx-aborted"))).isEmpty();
    assertThat(h.costs.matching(c -> c.getInvocationId().equals("tx-aborted"))).isEmpty();
  }

  @Test
  void anExistingShareGroupIsSwitchedToReadCommitted() throws Exception {
    String group = h.env.name("preexisting-group");
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    WorkerGroup workers = h.start(h.settings(Provider.GCP).withGroupId(group));
    workers.close();
    h.env
        .admin()
        .incrementalAlterConfigs(
            Map.of(
                resource,
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry(ShareGroups.ISOLATION_LEVEL, "read_uncommitted"),
                        AlterConfigOp.OpType.SET))))
        .all()
        .get(30, TimeUnit.SECONDS);

    List<String> changed = ShareGroups.configure(h.env.admin(), group);

    assertThat(changed).containsExactly(ShareGroups.ISOLATION_LEVEL + "=read_committed");
    assertThat(
            h.env
                .admin()
                .describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource)
                .get(ShareGroups.ISOLATION_LEVEL)
                .value())
        .isEqualTo("read_committed");
    assertThat(ShareGroups.configure(h.env.admin(), group)).isEmpty();
  }

  @Test
  void success_awsIsPricedExactlyFromTheReportLine() {
    InvocationRequest request = Fixtures.request("ok-aws");

    h.route(request, h.target(Provider.AWS));

    InvocationResult result = resultOf("ok-aws");
    CostEvent cost = costsOf("ok-aws", 1).get(0);
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(result.getStatusCode()).isEqualTo(200);
    assertThat(text(result))
        .contains("\"platform\":\"AWS Lambda\"")
        .contains("\"invocation_id\":\"ok-aws\"");
    assertThat(result.getProvider()).isEqualTo(Provider.AWS);
    assertThat(result.getAttempts()).isEqualTo(1);
    assertThat(result.getProvidersTried()).containsExactly(Provider.AWS);
    assertThat(result.getLabels()).isEqualTo(Fixtures.LABELS);
    assertThat(result.getCostEstimated()).isFalse();
    assertThat(result.getCost()).isPositive().isEqualByComparingTo(cost.getBilledCost());
    assertThat(result.getBilledDurationMs()).isEqualTo(cost.getBilledDurationMs());

    assertThat(cost.getEventId()).isEqualTo("ok-aws/1");
    assertThat(cost.getEstimated()).isFalse();
    assertThat(cost.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(cost.getServiceName()).isNotBlank();
    assertThat(cost.getResourceId()).isEqualTo(h.target(Provider.AWS).getTarget());
    assertThat(cost.getLines()).hasSize(2);
    assertThat(
            cost.getLines().stream().map(l -> l.getCost()).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(cost.getListCost());
    assertThat(cost.getTags()).isEqualTo(Fixtures.LABELS);
    // What the same run would have cost on the policy's other targets.
    assertThat(cost.getCounterfactuals())
        .extracting(c -> c.getTarget().getProvider())
        .containsExactlyInAnyOrder(Provider.AZURE, Provider.GCP);
    assertThat(cost.getCounterfactuals()).allSatisfy(c -> assertThat(c.getCost()).isPositive());
  }

  @Test
  void success_azureAndGoogleAreEstimatedAndGoogleAsyncGoesThroughPubSub() {

    h.route(Fixtures.request("ok-azure"), h.target(Provider.AZURE));
    h.route(Fixtures.request("ok-gcp"), h.target(Provider.GCP));
    h.route(
        Fixtures.request(
            "ok-gcp-async", InvocationMode.ASYNC, "{}".getBytes(StandardCharsets.UTF_8)),
        h.target(Provider.GCP));

    InvocationResult azure = resultOf("ok-azure");
    InvocationResult gcp = resultOf("ok-gcp");
    InvocationResult async = resultOf("ok-gcp-async");
    assertThat(text(azure))
        .contains("\"platform\":\"Azure Functions\"")
        .contains("\"invocation_id\":\"ok-azure\"");
    assertThat(text(gcp)).contains("\"platform\":\"Google Cloud Functions\"");
    assertThat(async.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(async.getStatusCode()).isEqualTo(202);
    assertThat(azure.getCostEstimated()).isTrue();
    assertThat(costsOf("ok-azure", 1).get(0).getEstimated()).isTrue();
    CostEvent asyncCost = costsOf("ok-gcp-async", 1).get(0);
    assertThat(asyncCost.getEstimated()).isTrue();
    assertThat(asyncCost.getResourceId()).isEqualTo(h.target(Provider.GCP).getAsyncTarget());
    assertThat(asyncCost.getChargeDescription()).contains("ASYNC");
    // The Pub/Sub-triggered function received the message with the invocation id.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (clouds.gcp().stats(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION).calls("ok-gcp-async")
            == 0
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(
            clouds.gcp().stats(GcpFunctionsEmulator.SAMPLE_EVENTS_FUNCTION).calls("ok-gcp-async"))
        .isEqualTo(1);
  }

  @Test
  void functionError_isReportedOnceAndBilled() {
    clouds.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION).failNext(1);

    h.route(Fixtures.request("fails"), h.target(Provider.AWS));

    InvocationResult result = resultOf("fails");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.FUNCTION_ERROR);
    assertThat(result.getError().getType()).isEqualTo("Unhandled");
    assertThat(result.getError().getMessage()).contains("injected failure");
    assertThat(result.getAttempts()).isEqualTo(1);
    CostEvent cost = costsOf("fails", 1).get(0);
    assertThat(cost.getStatus()).isEqualTo(InvocationStatus.FUNCTION_ERROR);
    assertThat(cost.getBilledCost()).isPositive();
    assertThat(clouds.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION).calls("fails")).isEqualTo(1);
  }

  @Test
  void timeout_endsTimedOutAndBillsTheTimeWaited() {
    clouds.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).latency(Duration.ofSeconds(3));

    h.route(Fixtures.request("slow"), h.target(Provider.AZURE));

    InvocationResult result = resultOf("slow");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.TIMED_OUT);
    assertThat(result.getStatusCode()).isEqualTo(504);
    assertThat(result.getAttempts()).isEqualTo(1);
    CostEvent cost = costsOf("slow", 1).get(0);
    assertThat(cost.getStatus()).isEqualTo(InvocationStatus.TIMED_OUT);
    assertThat(cost.getEstimated()).isTrue();
    assertThat(cost.getBilledDurationMs()).isGreaterThanOrEqualTo(2000L);
  }

  @Test
  void throttling_thenSuccess_retriesWithBackoff() {
    clouds.gcp().faults(GcpFunctionsEmulator.SAMPLE_FUNCTION).throttleNext(2);

    h.route(Fixtures.request("throttled"), h.target(Provider.GCP));

    InvocationResult result = resultOf("throttled");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(result.getAttempts()).isEqualTo(3);
    List<CostEvent> costs = costsOf("throttled", 3);
    assertThat(costs)
        .extracting(CostEvent::getStatus)
        .containsExactly(
            InvocationStatus.THROTTLED, InvocationStatus.THROTTLED, InvocationStatus.SUCCEEDED);
    assertThat(costs)
        .extracting(CostEvent::getEventId)
        .containsExactly("throttled/1", "throttled/2", "throttled/3");
    assertThat(costs.get(0).getBilledCost()).isZero();
    assertThat(costs.get(0).getLines()).isEmpty();
    assertThat(result.getCost()).isEqualByComparingTo(costs.get(2).getBilledCost());
  }

  @Test
  void providerDown_failsOverToTheNextProvider() {
    clouds.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION).unavailable(true);

    h.send(h.topics.invocations().name(), "down", Fixtures.request("down"), List.of());

    InvocationResult result = resultOf("down");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(result.getProvider()).isEqualTo(Provider.AWS);
    assertThat(result.getProvidersTried()).containsExactly(Provider.AZURE, Provider.AWS);
    assertThat(result.getAttempts()).isEqualTo(4); // 3 calls to Azure, 1 to AWS
    List<CostEvent> costs = costsOf("down", 4);
    assertThat(costs)
        .filteredOn(c -> c.getProvider() == Provider.AZURE)
        .hasSize(3)
        .allSatisfy(
            c -> {
              assertThat(c.getStatus()).isEqualTo(InvocationStatus.FAILED);
              assertThat(c.getBilledCost()).isZero();
            });
    assertThat(costs)
        .filteredOn(c -> c.getProvider() == Provider.AWS)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getEventId()).isEqualTo("down/4");
              assertThat(c.getBilledCost()).isPositive();
            });
    assertThat(h.results.matching(r -> r.getInvocationId().equals("down"))).hasSize(1);
  }

  @Test
  void invalidTarget_isRejectedWithoutACallAndAnUnknownFunctionFails() {
    FunctionTarget malformed =
        FunctionTarget.newBuilder(h.target(Provider.AWS)).setTarget("not a lambda!").build();
    FunctionTarget unknown =
        FunctionTarget.newBuilder(h.target(Provider.AWS))
            .setTarget(clouds.lambda().arn("no-such-function"))
            .build();

    h.route(Fixtures.request("malformed"), malformed);
    h.route(Fixtures.request("unknown"), unknown);

    InvocationResult rejected = resultOf("malformed");
    assertThat(rejected.getStatus()).isEqualTo(InvocationStatus.REJECTED);
    assertThat(rejected.getStatusCode()).isEqualTo(400);
    assertThat(rejected.getError().getType()).isEqualTo("InvalidTarget");
    assertThat(rejected.getAttempts()).isZero();
    assertThat(rejected.getCost()).isNull();
    InvocationResult failed = resultOf("unknown");
    assertThat(failed.getStatus()).isEqualTo(InvocationStatus.FAILED);
    assertThat(failed.getStatusCode()).isEqualTo(404);
    assertThat(failed.getError().getType()).isEqualTo("ResourceNotFoundException");
    assertThat(failed.getAttempts()).isEqualTo(1);
    CostEvent unknownCost = costsOf("unknown", 1).get(0);
    assertThat(unknownCost.getStatus()).isEqualTo(InvocationStatus.FAILED);
    assertThat(unknownCost.getBilledCost()).isZero();
    assertThat(h.costs.matching(c -> c.getInvocationId().equals("malformed"))).isEmpty();
  }

  @Test
  void payloadTooLarge_isRejectedBeforeTheCall() throws Exception {
    String routedAws = h.topics.routedAws().name();
    awaitTopicConfig(routedAws, "max.message.bytes", Integer.toString(16 * 1024 * 1024));
    long requestsBefore =
        clouds.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION).snapshot().requests();
    byte[] sevenMegabytes = new byte[7 * 1024 * 1024];
    java.util.Arrays.fill(sevenMegabytes, (byte) 'x');

    h.route(Fixtures.request("huge", InvocationMode.SYNC, sevenMegabytes), h.target(Provider.AWS));

    InvocationResult result = resultOf("huge");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.REJECTED);
    assertThat(result.getStatusCode()).isEqualTo(413);
    assertThat(result.getError().getType()).isEqualTo("PayloadTooLarge");
    assertThat(result.getError().getMessage()).contains("6291456");
    assertThat(clouds.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION).snapshot().requests())
        .isEqualTo(requestsBefore);
    assertThat(h.costs.matching(c -> c.getInvocationId().equals("huge"))).isEmpty();
  }

  private void awaitTopicConfig(String topic, String name, String value) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!value.equals(
        h.env
            .admin()
            .describeConfigs(List.of(resource))
            .all()
            .get(30, TimeUnit.SECONDS)
            .get(resource)
            .get(name)
            .value())) {
      assertThat(System.nanoTime())
          .as("%s of %s applied in time", name, topic)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void undecodableRecord_isDeadLetteredAndItsInvocationFails() {

    h.sendRaw(h.topics.routedAws().name(), "garbage", new byte[] {1, 2, 3, 4, 5, 6}, List.of());

    DeadLetter dl = h.deadLetters.await(d -> "garbage".equals(d.getInvocationId()), 1, WAIT).get(0);
    assertThat(dl.getStage()).isEqualTo("worker-aws");
    assertThat(dl.getTopic()).isEqualTo(h.topics.routedAws().name());
    assertThat(dl.getErrorMessage()).contains("offset");
    InvocationResult result = resultOf("garbage");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.FAILED);
    assertThat(result.getError().getType()).isEqualTo("UndecodableRecord");
  }

  @Test
  void expiredDeadline_endsTimedOutWithoutACall() {
    InvocationRequest late =
        InvocationRequest.newBuilder(Fixtures.request("late"))
            .setDeadline(Instant.now().minusSeconds(1))
            .build();

    h.route(late, h.target(Provider.AWS));

    InvocationResult result = resultOf("late");
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.TIMED_OUT);
    assertThat(result.getAttempts()).isZero();
    assertThat(clouds.lambda().stats(LambdaEmulator.SAMPLE_FUNCTION).calls("late")).isZero();
  }
}
