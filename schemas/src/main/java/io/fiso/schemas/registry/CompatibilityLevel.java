package io.fiso.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Confluent's compatibility levels, with the Avro checks they mean. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /**
   * Checks a candidate against the versions already registered (oldest first). Returns the
   * incompatibilities found, empty when the candidate may be registered.
   */
  public List<String> check(Schema candidate, List<Schema> previous) {
    if (this == NONE || previous.isEmpty()) {
      return List.of();
    }
    boolean transitive = name().endsWith("_TRANSITIVE");
    List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
    boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
    boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
    java.util.ArrayList<String> problems = new java.util.ArrayList<>();
    for (Schema old : against) {
      if (backward) {
        // New readers must read data written with the old schema.
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "new", problems);
      }
      if (forward) {
        // Old readers must read data written with the new schema.
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "old", problems);
      }
    }
    return List.copyOf(problems);
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility result,
      String readerName,
      List<String> problems) {
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (SchemaCompatibility.Incompatibility i : result.getResult().getIncompatibilities()) {
      problems.add(
          "{errorType:'"
              + i.getType()
              + "', description:'The "
              + readerName
              + " schema cannot read data of the other: "
              + i.getMessage()
              + "', additionalInfo:'"
              + i.getLocation()
              + "'}");
    }
  }
}
