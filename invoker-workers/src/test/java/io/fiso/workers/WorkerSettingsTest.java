package io.fiso.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.Provider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  @Test
  void defaultsFollowAwsAccountLimitsAndTheShareGroupDeliveryLimit() {
    WorkerSettings s = WorkerSettings.defaults(Provider.AWS);

    assertThat(s.groupId()).isEqualTo("fiso-workers-aws");
    assertThat(s.concurrency()).isEqualTo(1000);
    assertThat(s.maxDeliveries()).isEqualTo(5);
    assertThat(s.ordered()).isFalse();
    assertThat(s.stage()).isEqualTo("worker-aws");
  }

  @Test
  void readsEveryVariable() {
    WorkerSettings s =
        WorkerSettings.fromEnv(
            Provider.GCP,
            Map.of(
                "FISO_WORKER_ORDERED", "true",
                "FISO_WORKER_CONCURRENCY", "50",
                "FISO_WORKER_FUNCTION_LIMITS", "fiso-sample=5, other=7",
                "FISO_WORKER_CALL_TIMEOUT", "90s",
                "FISO_WORKER_BACKOFF_BASE", "250ms",
                "FISO_WORKER_BREAKER_OPEN", "PT1M"));

    assertThat(s.groupId()).isEqualTo("fiso-workers-gcp-ordered");
    assertThat(s.concurrency()).isEqualTo(50);
    assertThat(s.functionConcurrency()).isEqualTo(50);
    assertThat(s.functionLimits()).containsEntry("fiso-sample", 5).containsEntry("other", 7);
    assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.backoff().base()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.breaker().openDuration()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void anInvalidValueNamesItsVariable() {
    assertThatThrownBy(
            () -> WorkerSettings.fromEnv(Provider.AWS, Map.of("FISO_WORKER_CALL_TIMEOUT", "soon")))
        .hasMessageContaining("FISO_WORKER_CALL_TIMEOUT")
        .hasMessageContaining("soon");
    assertThatThrownBy(
            () -> WorkerSettings.fromEnv(Provider.AWS, Map.of("FISO_WORKER_CONCURRENCY", "0")))
        .hasMessageContaining("FISO_WORKER_CONCURRENCY");
    assertThatThrownBy(
            () ->
                WorkerSettings.fromEnv(Provider.AWS, Map.of("FISO_WORKER_FUNCTION_LIMITS", "oops")))
        .hasMessageContaining("FISO_WORKER_FUNCTION_LIMITS");
  }
}
