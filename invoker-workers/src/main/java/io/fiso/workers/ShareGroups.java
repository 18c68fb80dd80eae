package io.fiso.workers;

import io.fiso.schemas.config.FisoSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Share-group set-up the workers need. */
public final class ShareGroups {

  private static final Logger log = LoggerFactory.getLogger(ShareGroups.class);

  /** The group config that makes a new share group start at the earliest offset. */
  public static final String AUTO_OFFSET_RESET = "share.auto.offset.reset";

  /** The group config that says whether a share group sees records of open transactions. */
  public static final String ISOLATION_LEVEL = "share.isolation.level";

  /**
   * Consumer settings a share consumer refuses (Kafka 4.4's {@code ShareConsumerConfig}: "cannot be
   * set when using a share group"), plus {@code group.instance.id}, which the ordered mode's
   * consumers of one process would share and fence each other with.
   */
  static final List<String> REFUSED_SETTINGS =
      List.of(
          "group.instance.id",
          "session.timeout.ms",
          "heartbeat.interval.ms",
          "group.protocol",
          "group.remote.assignor",
          "partition.assignment.strategy",
          "auto.offset.reset",
          "enable.auto.commit",
          "isolation.level",
          "interceptor.classes");

  private ShareGroups() {}

  /**
   * Refuses, at start-up, Kafka settings the workers' consumers cannot take: a share consumer
   * created with one fails in its own thread, which would leave the group running without
   * consumers. These settings usually come from an environment shared with the router or the
   * cost-ingestor (FISO_KAFKA_GROUP_INSTANCE_ID, FISO_KAFKA_SESSION_TIMEOUT_MS, ...).
   *
   * @throws IllegalArgumentException naming every such setting and how to fix it
   */
  public static void checkClientSettings(Map<String, ?> kafka) {
    List<String> refused = REFUSED_SETTINGS.stream().filter(kafka::containsKey).toList();
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          "The workers cannot use the Kafka setting(s) "
              + refused.stream()
                  .map(k -> k + " (" + FisoSettings.envName(FisoSettings.KAFKA_PREFIX + k) + ")")
                  .collect(Collectors.joining(", "))
              + ": the workers read with share consumers, which do not take them (share groups"
              + " have their own session and offset settings on the broker). Remove them from the"
              + " workers' environment or kafka.* settings; if they are meant for the router or"
              + " the cost-ingestor, set them in that service's environment only.");
    }
  }

  /**
   * Prepares the share group {@code groupId} for the workers.
   *
   * <ul>
   *   <li>A new share group starts at the latest offset unless its group config says otherwise,
   *       which would skip every invocation routed before the first worker joined: a group that
   *       does not exist yet gets {@code share.auto.offset.reset=earliest}; an existing group keeps
   *       what it has.
   *   <li>Every group reads committed records only ({@code share.isolation.level=read_committed}),
   *       also when it existed with another setting. The router writes routed invocations in
   *       transactions (exactly-once by default); a worker reading uncommitted records would call a
   *       function for an invocation whose transaction is later aborted and routed again, so the
   *       function would run, and be billed, twice. It is also what makes delivery prompt: with
   *       read_uncommitted, a transactional record reached an idle share consumer only at its next
   *       poll timeout (up to 500 ms later), with read_committed within milliseconds (measured with
   *       Kafka 4.4; docs/benchmarks.md, "Pipeline").
   * </ul>
   *
   * @return the settings that were changed (empty when the group was already configured)
   * @throws IllegalStateException when the cluster cannot be configured
   */
  public static List<String> configure(Admin admin, String groupId) throws InterruptedException {
    String step = "list the share groups";
    try {
      boolean exists =
          admin
              .listGroups(ListGroupsOptions.forShareGroups())
              .all()
              .get(30, TimeUnit.SECONDS)
              .stream()
              .map(GroupListing::groupId)
              .anyMatch(groupId::equals);
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
      List<AlterConfigOp> ops = new ArrayList<>();
      if (exists) {
        step = "read the group configuration";
        Config current =
            admin.describeConfigs(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
        ConfigEntry isolation = current == null ? null : current.get(ISOLATION_LEVEL);
        if (isolation == null || !"read_committed".equals(isolation.value())) {
          log.warn(
              "Share group {} had {}={}; setting read_committed so that no invocation of an"
                  + " aborted router transaction is called",
              groupId,
              ISOLATION_LEVEL,
              isolation == null ? "(default)" : isolation.value());
          ops.add(set(ISOLATION_LEVEL, "read_committed"));
        }
        log.info("Share group {} exists: its {} is left as configured", groupId, AUTO_OFFSET_RESET);
      } else {
        ops.add(set(AUTO_OFFSET_RESET, "earliest"));
        ops.add(set(ISOLATION_LEVEL, "read_committed"));
      }
      if (ops.isEmpty()) {
        return List.of();
      }
      step = "set " + describe(ops);
      admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(30, TimeUnit.SECONDS);
      log.info("Share group {}{}: set {}", groupId, exists ? "" : " is new", describe(ops));
      return ops.stream()
          .map(op -> op.configEntry().name() + "=" + op.configEntry().value())
          .toList();
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "Could not "
              + step
              + " on share group "
              + groupId
              + " (the worker needs the Kafka cluster's share groups, Kafka 4.2+): "
              + cause.getMessage(),
          cause);
    }
  }

  private static AlterConfigOp set(String name, String value) {
    return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
  }

  private static String describe(List<AlterConfigOp> ops) {
    return String.join(
        ", ",
        ops.stream().map(op -> op.configEntry().name() + "=" + op.configEntry().value()).toList());
  }
}
