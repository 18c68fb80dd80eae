package io.fiso.schemas.config;

import org.apache.kafka.common.errors.FencedInstanceIdException;

/**
 * Static group membership ({@code group.instance.id}, FISO_KAFKA_GROUP_INSTANCE_ID) of the Kafka
 * Streams services: what to do when Kafka fences an instance because another one runs with its id.
 * Replacing the fenced stream thread would take the id back and fence the other instance in turn,
 * over and over; the fenced instance stops instead, saying why.
 */
public final class StaticMembership {

  private StaticMembership() {}

  /** Whether {@code error} or one of its causes is Kafka fencing this instance's id. */
  public static boolean fenced(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FencedInstanceIdException) {
        return true;
      }
    }
    return false;
  }

  /** What the fenced {@code service} logs before it stops. */
  public static String fencedMessage(String service, Object instanceId) {
    return "Another "
        + service
        + " runs with this one's group.instance.id ("
        + instanceId
        + ", "
        + FisoSettings.envName(FisoSettings.KAFKA_PREFIX + "group.instance.id")
        + ") and Kafka fenced this one: stopping it. Give every"
        + " running instance its own id (e.g. its pod name), or unset the id.";
  }
}
