package io.fiso.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, with Confluent's semantics: global ids shared by identical
 * schemas across subjects, versions per subject from 1, compatibility enforced on register
 * (BACKWARD by default), soft-deleted subjects. Thread-safe.
 *
 * <p>Used directly by unit tests, and as the state machine of the embedded registry server, which
 * persists every change to a compacted topic and {@link #restore restores} them at start-up.
 */
public class InMemorySchemaRegistry implements SchemaRegistryClient {

  /** A registered version, possibly soft-deleted. */
  public record Entry(String subject, int version, int id, Schema schema, boolean deleted) {}

  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<String, List<Entry>> subjects = new LinkedHashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;

  @Override
  public synchronized int register(String subject, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    SchemaVersion existing = find(subject, schema);
    if (existing != null) {
      return existing.id();
    }
    List<Schema> previous = live(subject).stream().map(Entry::schema).toList();
    List<String> problems = getCompatibility(subject).check(schema, previous);
    if (!problems.isEmpty()) {
      throw new SchemaRegistryException(
          409,
          SchemaRegistryException.INCOMPATIBLE,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems);
    }
    int id = idFor(schema);
    List<Entry> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    int version = versions.stream().mapToInt(Entry::version).max().orElse(0) + 1;
    Entry entry = new Entry(subject, version, id, schema, false);
    versions.add(entry);
    onChange(entry);
    return id;
  }

  /** Hook for subclasses that persist changes (the embedded server). Called under the lock. */
  protected void onChange(Entry entry) {}

  /** Re-applies a persisted entry (ids and versions as recorded) without compatibility checks. */
  public synchronized void restore(Entry entry) {
    byId.putIfAbsent(entry.id(), entry.schema());
    idByCanonical.putIfAbsent(entry.schema().toString(), entry.id());
    nextId = Math.max(nextId, entry.id() + 1);
    List<Entry> versions = subjects.computeIfAbsent(entry.subject(), s -> new ArrayList<>());
    versions.removeIf(e -> e.version() == entry.version());
    versions.add(entry);
    versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
  }

  /** Restores a persisted compatibility level (subject null = global). */
  public synchronized void restoreCompatibility(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  private int idFor(Schema schema) {
    String canonical = schema.toString();
    Integer id = idByCanonical.get(canonical);
    if (id == null) {
      id = nextId++;
      idByCanonical.put(canonical, id);
      byId.put(id, schema);
    }
    return id;
  }

  private List<Entry> live(String subject) {
    return subjects.getOrDefault(subject, List.of()).stream().filter(e -> !e.deleted()).toList();
  }

  private SchemaVersion find(String subject, Schema schema) {
    String canonical = schema.toString();
    for (Entry e : live(subject)) {
      if (e.schema().toString().equals(canonical)) {
        return new SchemaVersion(subject, e.version(), e.id(), e.schema());
      }
    }
    return null;
  }

  @Override
  public synchronized SchemaVersion lookup(String subject, Schema schema) {
    if (live(subject).isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    SchemaVersion found = find(subject, schema);
    if (found == null) {
      throw SchemaRegistryException.schemaNotFound("under subject '" + subject + "'");
    }
    return found;
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = byId.get(id);
    if (schema == null) {
      throw SchemaRegistryException.schemaNotFound("with id " + id);
    }
    return schema;
  }

  /** Subject/version pairs that use a schema id. */
  public synchronized List<SchemaVersion> versionsOfId(int id) {
    getById(id);
    List<SchemaVersion> out = new ArrayList<>();
    subjects.forEach(
        (subject, entries) ->
            entries.stream()
                .filter(e -> !e.deleted() && e.id() == id)
                .forEach(e -> out.add(new SchemaVersion(subject, e.version(), id, e.schema()))));
    return out;
  }

  @Override
  public synchronized SchemaVersion getVersion(String subject, int version) {
    List<Entry> versions = live(subject);
    if (versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions.stream()
        .filter(e -> e.version() == version)
        .findFirst()
        .map(e -> new SchemaVersion(subject, e.version(), e.id(), e.schema()))
        .orElseThrow(() -> SchemaRegistryException.versionNotFound(subject, version));
  }

  @Override
  public synchronized SchemaVersion getLatest(String subject) {
    List<Entry> versions = live(subject);
    if (versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    Entry e = versions.get(versions.size() - 1);
    return new SchemaVersion(subject, e.version(), e.id(), e.schema());
  }

  @Override
  public synchronized List<Integer> getVersions(String subject) {
    List<Entry> versions = live(subject);
    if (versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions.stream().map(Entry::version).toList();
  }

  @Override
  public synchronized List<String> getSubjects() {
    return subjects.keySet().stream().filter(s -> !live(s).isEmpty()).sorted().toList();
  }

  @Override
  public synchronized boolean testCompatibility(String subject, Schema schema) {
    List<Schema> previous = live(subject).stream().map(Entry::schema).toList();
    return getCompatibility(subject).check(schema, previous).isEmpty();
  }

  /** The incompatibilities a schema would have with a subject's versions (empty = compatible). */
  public synchronized List<String> compatibilityProblems(String subject, Schema schema) {
    List<Schema> previous = live(subject).stream().map(Entry::schema).toList();
    return getCompatibility(subject).check(schema, previous);
  }

  @Override
  public synchronized List<Integer> deleteSubject(String subject) {
    List<Entry> versions = live(subject);
    if (versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    List<Entry> all = subjects.get(subject);
    List<Integer> deleted = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Entry e = all.get(i);
      if (!e.deleted()) {
        Entry tombstoned = new Entry(e.subject(), e.version(), e.id(), e.schema(), true);
        all.set(i, tombstoned);
        deleted.add(e.version());
        onChange(tombstoned);
      }
    }
    return deleted;
  }

  @Override
  public synchronized CompatibilityLevel getCompatibility(String subject) {
    if (subject == null) {
      return globalLevel;
    }
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  @Override
  public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
    Objects.requireNonNull(level, "level");
    restoreCompatibility(subject, level);
    onCompatibilityChange(subject, level);
  }

  /** Hook for subclasses that persist changes. Called under the lock. */
  protected void onCompatibilityChange(String subject, CompatibilityLevel level) {}

  /** Whether a subject has its own level (Confluent answers 40408 otherwise for GET /config/s). */
  public synchronized boolean hasSubjectLevel(String subject) {
    return subjectLevels.containsKey(subject);
  }
}
