package io.fiso.cli.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fiso.avro.RoutingPolicy;
import io.fiso.schemas.policy.PolicyRenderer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code fiso policy apply} does with each policy of the files, given what fiso.policies
 * holds: create it (version 1), update it (version = current + 1, updatedAt = now), or leave it
 * unchanged when its content is the same as the current version's.
 */
record PolicyPlan(List<Change> changes) {

  enum Kind {
    CREATE,
    UPDATE,
    UNCHANGED
  }

  /**
   * @param current the version on the topic; null when there is none
   * @param next the record to write (version and updatedAt set); the current one when unchanged
   */
  record Change(Kind kind, RoutingPolicy current, RoutingPolicy next) {
    String function() {
      return next.getFunction();
    }
  }

  static PolicyPlan of(
      List<RoutingPolicy> parsed, Map<String, RoutingPolicy> current, Instant now) {
    List<Change> changes = new ArrayList<>();
    for (RoutingPolicy policy : parsed) {
      RoutingPolicy existing = current.get(policy.getFunction());
      if (existing != null && sameContent(existing, policy)) {
        changes.add(new Change(Kind.UNCHANGED, existing, existing));
        continue;
      }
      policy.setVersion(existing == null ? 1 : existing.getVersion() + 1);
      policy.setUpdatedAt(now);
      changes.add(new Change(existing == null ? Kind.CREATE : Kind.UPDATE, existing, policy));
    }
    return new PolicyPlan(List.copyOf(changes));
  }

  /** The policies to write. */
  List<RoutingPolicy> toWrite() {
    return changes.stream().filter(c -> c.kind() != Kind.UNCHANGED).map(Change::next).toList();
  }

  /** Equal in everything but version and updatedAt, compared in the file format. */
  static boolean sameContent(RoutingPolicy a, RoutingPolicy b) {
    return content(a).equals(content(b));
  }

  private static ObjectNode content(RoutingPolicy p) {
    ObjectNode tree = PolicyRenderer.toTree(p);
    tree.remove("version");
    tree.remove("updatedAt");
    return tree;
  }
}
