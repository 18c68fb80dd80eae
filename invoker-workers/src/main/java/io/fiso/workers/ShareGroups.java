package io.fiso.workers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
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

  private ShareGroups() {}

  /**
   * A new share group starts at the latest offset unless its group config says otherwise, which
   * would skip every invocation routed before the first worker joined. When {@code groupId} does
   * not exist yet, sets {@code share.auto.offset.reset=earliest} on it (Admin
   * incrementalAlterConfigs on a GROUP resource); an existing group keeps its configuration.
   *
   * @return true if the config was set
   */
  public static boolean startNewGroupAtEarliest(Admin admin, String groupId)
      throws InterruptedException {
    try {
      boolean exists =
          admin
              .listGroups(ListGroupsOptions.forShareGroups())
              .all()
              .get(30, TimeUnit.SECONDS)
              .stream()
              .map(GroupListing::groupId)
              .anyMatch(groupId::equals);
      if (exists) {
        log.info("Share group {} exists: its {} is left as configured", groupId, AUTO_OFFSET_RESET);
        return false;
      }
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
      admin
          .incrementalAlterConfigs(
              Map.of(
                  group,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(AUTO_OFFSET_RESET, "earliest"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
      log.info("Share group {} is new: set {}=earliest", groupId, AUTO_OFFSET_RESET);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "Could not set "
              + AUTO_OFFSET_RESET
              + "=earliest on share group "
              + groupId
              + " (the worker needs the Kafka cluster's share groups, Kafka 4.2+): "
              + cause.getMessage(),
          cause);
    }
  }
}
