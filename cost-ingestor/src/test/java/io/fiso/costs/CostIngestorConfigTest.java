package io.fiso.costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.schemas.config.ConfigException;
import io.fiso.schemas.config.FisoSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostIngestorConfigTest {

  private static CostIngestorConfig fromEnv(Map<String, String> env) {
    return CostIngestorConfig.from(FisoSettings.builder().environment(env).build());
  }

  @Test
  void readsItsSettingsFromTheEnvironment() {
    CostIngestorConfig c =
        fromEnv(
            Map.of(
                "FISO_BOOTSTRAP_SERVERS", "kafka:9092",
                "FISO_TOPIC_PREFIX", "t1.",
                "FISO_COST_INGESTOR_STATS_HALF_LIFE", "10m",
                "FISO_COST_INGESTOR_STATS_UNHEALTHY_ERROR_RATE", "0.3",
                "FISO_COST_INGESTOR_STATS_RECOVERED_ERROR_RATE", "0.1",
                "FISO_COST_INGESTOR_ROLLUP_MINUTE_GRACE", "30s",
                "FISO_COST_INGESTOR_PROCESSING_GUARANTEE", "AT_LEAST_ONCE",
                "FISO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));
    assertThat(c.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(c.topics().costs().name()).isEqualTo("t1.fiso.costs");
    assertThat(c.stats().halfLife()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.stats().unhealthyErrorRate()).isEqualTo(0.3);
    assertThat(c.rollups().minuteGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.processingGuarantee()).isEqualTo(CostIngestorConfig.AT_LEAST_ONCE);
    assertThat(c.kafka()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(CostIngestorApp.streamsProperties(c))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("application.id", "fiso-cost-ingestor")
        .containsEntry("bootstrap.servers", "kafka:9092");
  }

  @Test
  void defaultsWhenNothingIsSet() {
    CostIngestorConfig c = fromEnv(Map.of());
    assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(c.stats()).isEqualTo(CostIngestorConfig.Stats.defaults());
    assertThat(c.processingGuarantee()).isEqualTo(CostIngestorConfig.EXACTLY_ONCE_V2);
    // every task reads one partition: no idling across partitions (and none of its per-loop cost)
    assertThat(CostIngestorApp.streamsProperties(c)).containsEntry("max.task.idle.ms", -1L);
  }

  @Test
  void aKafkaStreamsSettingGivenByTheUserWinsOverTheIngestorsChoice() {
    CostIngestorConfig c = fromEnv(Map.of("FISO_KAFKA_MAX_TASK_IDLE_MS", "0"));
    assertThat(CostIngestorApp.streamsProperties(c)).containsEntry("max.task.idle.ms", "0");
  }

  @Test
  void contradictorySettingsFailNamingTheSettingAndItsVariable() {
    assertThatThrownBy(
            () ->
                fromEnv(
                    Map.of(
                        "FISO_COST_INGESTOR_STATS_UNHEALTHY_ERROR_RATE", "0.2",
                        "FISO_COST_INGESTOR_STATS_RECOVERED_ERROR_RATE", "0.3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cost.ingestor.stats.recovered.error.rate")
        .hasMessageContaining("FISO_COST_INGESTOR_STATS_RECOVERED_ERROR_RATE")
        .hasMessageContaining("below cost.ingestor.stats.unhealthy.error.rate");
    assertThatThrownBy(() -> fromEnv(Map.of("FISO_COST_INGESTOR_ROLLUP_MINUTE_RETENTION", "1m")))
        .hasMessageContaining("at least one minute plus cost.ingestor.rollup.minute.grace (3m)");
    assertThatThrownBy(() -> fromEnv(Map.of("FISO_COST_INGESTOR_STATS_HALF_LIFE", "0s")))
        .hasMessageContaining("must be a positive duration");
    assertThatThrownBy(() -> fromEnv(Map.of("FISO_COST_INGESTOR_STATS_MIN_SAMPLES", "many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'many' is not a number")
        .hasMessageContaining("FISO_COST_INGESTOR_STATS_MIN_SAMPLES");
    assertThatThrownBy(
            () -> fromEnv(Map.of("FISO_COST_INGESTOR_PROCESSING_GUARANTEE", "exactly_once")))
        .hasMessageContaining("must be exactly_once_v2 or at_least_once");
  }
}
