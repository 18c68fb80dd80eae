package io.fiso.workers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka settings the workers' share consumers refuse are refused at start-up, naming them, instead
 * of killing every consumer thread while the group appears to run.
 */
class WorkerClientSettingsTest {

  @Test
  void staticMembershipAndSessionSettingsMeantForTheStreamsServicesAreRefusedAtStartUp() {
    WorkerGroup.Builder builder =
        WorkerGroup.builder(WorkerSettings.defaults(Provider.AWS))
            .kafka(
                Map.of(
                    "bootstrap.servers", "localhost:9092",
                    "group.instance.id", "router-1",
                    "session.timeout.ms", "10000",
                    "security.protocol", "PLAINTEXT"));
    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group.instance.id (FISO_KAFKA_GROUP_INSTANCE_ID)")
        .hasMessageContaining("session.timeout.ms (FISO_KAFKA_SESSION_TIMEOUT_MS)")
        .hasMessageNotContaining("security.protocol")
        .hasMessageContaining("that service's environment only");
  }

  @Test
  void everyOtherClientSettingIsLeftToKafka() {
    // SASL, TLS and the like pass the check (the start then fails later, for want of a registry)
    WorkerGroup.Builder builder =
        WorkerGroup.builder(WorkerSettings.defaults(Provider.AWS))
            .kafka(Map.of("bootstrap.servers", "localhost:9092", "security.protocol", "SSL"));
    assertThatThrownBy(builder::start)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("registry");
  }
}
