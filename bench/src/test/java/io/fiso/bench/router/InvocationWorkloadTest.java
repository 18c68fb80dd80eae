package io.fiso.bench.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.avro.RoutingDecision;
import io.fiso.avro.RoutingStrategy;
import io.fiso.bench.baseline.Baseline;
import io.fiso.bench.baseline.PlainPassthrough;
import io.fiso.bench.baseline.StreamsPassthrough;
import io.fiso.bench.harness.Guarantee;
import io.fiso.bench.harness.OpenLoop;
import io.fiso.router.RouterApp;
import io.fiso.router.RouterConfig;
import io.fiso.router.RouterTopology;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sized baselines append {@link InvocationWorkload#decisionBytes}: they are only a fair
 * comparison if those are the bytes of the decision the router really writes for the workload.
 */
class InvocationWorkloadTest {

  private static final int POLICIES = 3;

  @ParameterizedTest
  @EnumSource(RoutingStrategy.class)
  void decisionBytesAreTheDecisionTheRouterWritesForTheFirstFunction(RoutingStrategy strategy)
      throws IOException {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    InvocationWorkload workload = new InvocationWorkload(registry, POLICIES, strategy, 200);
    RouterConfig config = RouterConfig.defaults(registry);

    byte[] bytes = workload.decisionBytes(config);

    RoutingDecision decoded = decode(bytes);
    assertThat(decoded.getPolicyFunction()).isEqualTo("fn-00000");
    assertThat(decoded.getStrategy()).isEqualTo(strategy);
    assertThat(decoded.getTarget().getTarget()).endsWith("fn-00000");
    // the policy's two other targets, each with why it was not chosen
    assertThat(decoded.getAlternatives())
        .extracting(a -> a.getTarget().getProvider())
        .hasSize(2)
        .doesNotContain(decoded.getTarget().getProvider());

    RoutingDecision real = routedByTheRouter(registry, workload, config).getDecision();
    assertThat(real.getTarget()).isEqualTo(decoded.getTarget());
    // The router stamps the time it routed; everything else is the same, byte for byte.
    real.setRoutedAt(decoded.getRoutedAt());
    assertThat(encode(real)).isEqualTo(bytes);
  }

  @Test
  void theSizedBaselinesSayHowManyBytesTheyAppend() {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    byte[] bytes =
        new InvocationWorkload(registry, 1, RoutingStrategy.WEIGHTED, 200)
            .decisionBytes(RouterConfig.defaults(registry));
    assertThat(bytes).isNotEmpty();
    Baseline sized =
        Baseline.of(null, Guarantee.ALOS, Duration.ofMillis(100), Duration.ofMillis(1), 6, Map.of())
            .withSuffix(bytes);
    String perRecord = "+" + bytes.length + " bytes per record";
    assertThat(new PlainPassthrough(sized).name()).endsWith(perRecord);
    assertThat(new StreamsPassthrough(sized).name()).endsWith(perRecord);
    assertThat(RouterBenchmark.sizedBaselines(bytes))
        .startsWith("each baseline also runs appending " + bytes.length + " bytes ");
  }

  /** The workload's policies and its first request through the real router topology. */
  private static RoutedInvocation routedByTheRouter(
      InMemorySchemaRegistry registry, InvocationWorkload workload, RouterConfig config) {
    Properties props = RouterApp.streamsProperties(config);
    props.put("bootstrap.servers", "unused:9092");
    TopicCatalog t = config.topics();
    try (TopologyTestDriver driver = new TopologyTestDriver(RouterTopology.build(config), props)) {
      TestInputTopic<String, byte[]> policies =
          driver.createInputTopic(
              t.policies().name(), new StringSerializer(), new ByteArraySerializer());
      for (int i = 0; i < workload.policies(); i++) {
        policies.pipeInput(InvocationWorkload.function(i), workload.policy(t.policies().name(), i));
      }
      String key = OpenLoop.key("b", 0);
      driver
          .createInputTopic(
              t.invocations().name(), new StringSerializer(), new ByteArraySerializer())
          .pipeInput(key, workload.request(t.invocations().name(), key, 0));
      List<RoutedInvocation> routed = new ArrayList<>();
      for (Provider p : Provider.values()) {
        routed.addAll(
            driver
                .createOutputTopic(
                    t.routed(p).name(),
                    new StringDeserializer(),
                    new AvroDeserializer<>(registry, RoutedInvocation.class))
                .readValuesToList());
      }
      assertThat(routed).as("routed records").hasSize(1);
      return routed.get(0);
    }
  }

  private static RoutingDecision decode(byte[] bytes) throws IOException {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
    RoutingDecision d = new SpecificDatumReader<>(RoutingDecision.class).read(null, decoder);
    assertThat(decoder.isEnd()).as("every byte is part of the decision").isTrue();
    return d;
  }

  private static byte[] encode(RoutingDecision d) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(RoutingDecision.class).write(d, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
