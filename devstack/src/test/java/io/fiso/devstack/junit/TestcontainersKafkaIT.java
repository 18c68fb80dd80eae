package io.fiso.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The Testcontainers path; skipped (and says so) on machines without a Docker engine. */
class TestcontainersKafkaIT {

  @Test
  void containerKafkaServesClients() throws Exception {
    assumeTrue(
        ContainerBackend.dockerAvailable(),
        "No Docker engine available: the Testcontainers Kafka path is skipped");

    try (ContainerBackend backend = new ContainerBackend(System.getenv());
        Admin admin = Admin.create(Map.of("bootstrap.servers", backend.bootstrapServers()))) {
      assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
      assertThat(backend.description()).startsWith("Testcontainers apache/kafka:");
    }
  }
}
