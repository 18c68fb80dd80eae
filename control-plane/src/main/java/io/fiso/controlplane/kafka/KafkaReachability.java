package io.fiso.controlplane.kafka;

import io.fiso.controlplane.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Whether the cluster answers: a describeCluster call, remembered for a couple of seconds. */
public final class KafkaReachability {

  private static final Duration CACHE = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final Admin admin;
  private final String bootstrapServers;
  private final Clock clock;
  private HealthCheck last;
  private Instant checkedAt = Instant.MIN;

  public KafkaReachability(Admin admin, String bootstrapServers, Clock clock) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.clock = clock;
  }

  public synchronized HealthCheck check() {
    Instant now = clock.instant();
    if (last != null && now.isBefore(checkedAt.plus(CACHE))) {
      return last;
    }
    HealthCheck result;
    try {
      Collection<Node> nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .nodes()
              .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      result = HealthCheck.ok("kafka", nodes.size() + " broker(s) at " + bootstrapServers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = HealthCheck.failing("kafka", "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      result =
          HealthCheck.failing(
              "kafka",
              "cannot reach Kafka at bootstrap.servers="
                  + bootstrapServers
                  + ": "
                  + cause.getClass().getSimpleName()
                  + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
    last = result;
    checkedAt = now;
    return result;
  }
}
