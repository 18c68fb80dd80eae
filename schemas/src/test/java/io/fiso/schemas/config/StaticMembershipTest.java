package io.fiso.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {

  @Test
  void aFencedIdIsFoundAmongTheCausesAndNothingElseCounts() {
    Exception wrapped =
        new KafkaException(
            "stream thread failed", new IllegalStateException(new FencedInstanceIdException("x")));
    assertThat(StaticMembership.fenced(wrapped)).isTrue();
    assertThat(StaticMembership.fenced(new KafkaException("broker gone"))).isFalse();
    assertThat(StaticMembership.fenced(null)).isFalse();
    assertThat(StaticMembership.fencedMessage("router", "router-1"))
        .contains("router-1")
        .contains("FISO_KAFKA_GROUP_INSTANCE_ID")
        .contains("its own id");
  }
}
