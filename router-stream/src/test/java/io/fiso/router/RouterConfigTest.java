package io.fiso.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RouterConfigTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  private static FisoSettings settings(Map<String, String> env) {
    return FisoSettings.builder().environment(env).build();
  }

  @Test
  void defaultsAreExactlyOnceWithAShortCommitInterval() {
    RouterConfig config = RouterConfig.fromSettings(settings(Map.of()), registry);

    Properties props = RouterApp.streamsProperties(config);

    assertThat(props)
        .containsEntry("application.id", "fiso-router")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("commit.interval.ms", 100L)
        .containsEntry("producer.linger.ms", 5)
        .containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(config.maxPayloadBytes()).isEqualTo(512 * 1024);
    assertThat(config.topics().invocations().name()).isEqualTo("fiso.invocations");
  }

  @Test
  void lingerDefaultsToOneMillisecondUnderAtLeastOnceWhereItDelaysEveryRecord() {
    RouterConfig alos =
        RouterConfig.fromSettings(
            settings(Map.of("FISO_ROUTER_PROCESSING_GUARANTEE", "at_least_once")), registry);
    assertThat(RouterApp.streamsProperties(alos)).containsEntry("producer.linger.ms", 1);

    // The default follows the guarantee when it is changed later; an explicit linger stays.
    RouterConfig eos =
        alos.withProcessingGuarantee(RouterConfig.ProcessingGuarantee.EXACTLY_ONCE_V2);
    assertThat(eos.linger()).isEqualTo(Duration.ofMillis(5));
    RouterConfig pinned = eos.withLinger(Duration.ofMillis(2));
    assertThat(
            pinned.withProcessingGuarantee(RouterConfig.ProcessingGuarantee.AT_LEAST_ONCE).linger())
        .isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void readsEveryRouterSettingFromTheEnvironment() {
    RouterConfig config =
        RouterConfig.fromSettings(
            settings(
                Map.of(
                    "FISO_ROUTER_PROCESSING_GUARANTEE", "at_least_once",
                    "FISO_ROUTER_COMMIT_INTERVAL", "20ms",
                    "FISO_ROUTER_LINGER", "0ms",
                    "FISO_ROUTER_MAX_PAYLOAD_BYTES", "1000",
                    "FISO_ROUTER_DEFAULT_DURATION", "250ms",
                    "FISO_ROUTER_STREAM_THREADS", "2",
                    "FISO_TOPIC_PREFIX", "blue.",
                    "FISO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")),
            registry);

    assertThat(config.processingGuarantee())
        .isEqualTo(RouterConfig.ProcessingGuarantee.AT_LEAST_ONCE);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.linger()).isZero();
    assertThat(config.maxPayloadBytes()).isEqualTo(1000);
    assertThat(config.defaultExpectedDuration()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.streamThreads()).isEqualTo(2);
    assertThat(config.topics().invocations().name()).isEqualTo("blue.fiso.invocations");
    assertThat(RouterApp.streamsProperties(config))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("processing.guarantee", "at_least_once");
  }

  @Test
  void reportsEveryBadSettingAtOnceNamingIt() {
    assertThatThrownBy(
            () ->
                RouterConfig.fromSettings(
                    settings(
                        Map.of(
                            "FISO_ROUTER_PROCESSING_GUARANTEE", "exactly_once",
                            "FISO_ROUTER_COMMIT_INTERVAL", "soon",
                            "FISO_ROUTER_STREAM_THREADS", "many")),
                    registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid router configuration:")
        .hasMessageContaining(
            "router.processing.guarantee is 'exactly_once': use exactly_once_v2"
                + " or at_least_once")
        .hasMessageContaining("router.commit.interval")
        .hasMessageContaining("router.stream.threads");
  }

  @Test
  void aCommitIntervalAsLongAsTheTransactionTimeoutIsRefusedUnderExactlyOnce() {
    RouterConfig defaults = RouterConfig.defaults(registry);

    assertThatThrownBy(() -> defaults.withCommitInterval(Duration.ofSeconds(10)))
        .hasMessageContaining(
            "router.commit.interval: 10000 ms is not shorter than the transaction timeout (10000"
                + " ms) under exactly_once_v2");
    assertThat(
            defaults
                .withProcessingGuarantee(RouterConfig.ProcessingGuarantee.AT_LEAST_ONCE)
                .withCommitInterval(Duration.ofSeconds(30))
                .commitInterval())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            defaults
                .withKafka(Map.of("producer.transaction.timeout.ms", "60000"))
                .withCommitInterval(Duration.ofSeconds(30))
                .commitInterval())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aPayloadLimitThatLeavesNoRoomInAKafkaRecordIsRefused() {
    assertThatThrownBy(() -> RouterConfig.defaults(registry).withMaxPayloadBytes(1024 * 1024))
        .hasMessageContaining(
            "router.max.payload.bytes: 1048576 leaves no room for the routed"
                + " record around the payload: the producer's max.request.size is 1048576 bytes");
    assertThat(
            RouterConfig.defaults(registry)
                .withKafka(Map.of("max.request.size", "4194304"))
                .withMaxPayloadBytes(2 * 1024 * 1024)
                .maxPayloadBytes())
        .isEqualTo(2 * 1024 * 1024);
  }

  @Test
  void theRunnerNeedsBootstrapServers() {
    assertThatThrownBy(() -> new RouterApp(RouterConfig.defaults(registry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers is not set");
  }

  @Test
  void routedRecordsAreBatchedLargeAndCompressedUnlessTheKafkaSettingsSayOtherwise() {
    RouterConfig config = RouterConfig.defaults(new InMemorySchemaRegistry());
    Properties defaults = RouterApp.streamsProperties(config);
    assertThat(defaults.get("producer.batch.size")).isEqualTo("131072");
    assertThat(defaults.get("producer.compression.type")).isEqualTo("lz4");

    Properties own =
        RouterApp.streamsProperties(
            config.withKafka(Map.of("batch.size", "16384", "producer.compression.type", "zstd")));
    assertThat(own.get("producer.batch.size")).isNull();
    assertThat(own.get("batch.size")).isEqualTo("16384");
    assertThat(own.get("producer.compression.type")).isEqualTo("zstd");
  }

  @Test
  void tasksDoNotIdleAcrossPartitionsUnlessTheUserAsks() {
    RouterConfig config = RouterConfig.defaults(new InMemorySchemaRegistry());
    // every task reads one partition: nothing to wait for, and none of the per-record check
    assertThat(RouterApp.streamsProperties(config).get("max.task.idle.ms")).isEqualTo(-1L);
    assertThat(
            RouterApp.streamsProperties(config.withKafka(Map.of("max.task.idle.ms", "0")))
                .get("max.task.idle.ms"))
        .isEqualTo("0");
  }

  @Test
  void anIdleStreamThreadPollsBrieflySoThatCommitsComeOnTime() {
    RouterConfig config = RouterConfig.defaults(new InMemorySchemaRegistry());
    assertThat(RouterApp.streamsProperties(config).get("poll.ms")).isEqualTo(10L);
    assertThat(
            RouterApp.streamsProperties(config.withCommitInterval(java.time.Duration.ofMillis(20)))
                .get("poll.ms"))
        .isEqualTo(5L);
    assertThat(
            RouterApp.streamsProperties(config.withKafka(Map.of("poll.ms", "250"))).get("poll.ms"))
        .isEqualTo("250");
  }
}
