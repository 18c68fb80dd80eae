package io.fiso.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaExtensionTest {

  @Test
  void prefixesAreUniqueLegalTopicNamePrefixes() {
    assertThat(KafkaExtension.prefix(7, "routesByPolicy")).isEqualTo("t7-routesByPolicy.");
    assertThat(KafkaExtension.prefix(8, "weird name_with.dots()"))
        .isEqualTo("t8-weirdnamewithdots.");
    assertThat(KafkaExtension.prefix(9, "x".repeat(100))).hasSize("t9-".length() + 40 + 1);
  }

  @Test
  void embeddedBrokerIsTheDefault() {
    BackendChoice choice = BackendChoice.from(Map.of(), () -> true);

    assertThat(choice.testcontainers()).isFalse();
    assertThat(choice.notice()).isNull();
  }

  @Test
  void testcontainersIsUsedWhenAskedForAndDockerIsThere() {
    BackendChoice choice =
        BackendChoice.from(Map.of("FISO_TEST_KAFKA", "testcontainers"), () -> true);

    assertThat(choice.testcontainers()).isTrue();
  }

  @Test
  void testcontainersWithoutDockerIsSkippedAndSaysSo() {
    BackendChoice choice =
        BackendChoice.from(Map.of("FISO_TEST_KAFKA", "testcontainers"), () -> false);

    assertThat(choice.testcontainers()).isFalse();
    assertThat(choice.notice())
        .contains("FISO_TEST_KAFKA=testcontainers")
        .contains("no Docker engine")
        .contains("skipped");
  }

  @Test
  void anUnknownChoiceIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> BackendChoice.from(Map.of("FISO_TEST_KAFKA", "docker"), () -> true))
        .hasMessageContaining("FISO_TEST_KAFKA=docker")
        .hasMessageContaining("testcontainers");
  }
}
