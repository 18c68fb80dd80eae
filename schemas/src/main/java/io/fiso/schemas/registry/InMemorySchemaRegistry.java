package io.fiso.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, with Confluent's semantics: global ids shared by identical
 * schemas across subjects, versions per subject from 1, compatibility enforced on register
 * (BACKWARD by default), soft-deleted subjects. Thread-safe.
 *
 * <p>Used directly by unit tests (also through {@code schema.registry.url=mock://<scope>}, see
 * {@link #scope}), and as the state machine of the embedded registry server, which persists every
 * change to a compacted topic through {@link #onChange}/{@link #onCompatibilityChange} and {@link
 * #restore restores} them at start-up.
 *
 * <p>Persistence contract: the hooks are called under this registry's lock <em>before</em> the
 * change is applied; a hook that throws aborts the change, so memory never holds what the store did
 * not accept. An id handed to a failed registration is not reused (the write may have landed even
 * though it reported a failure).
 */
public class InMemorySchemaRegistry implements SchemaRegistryClient {

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  /** A registered version, possibly soft-deleted. */
  public record Entry(String subject, int version, int id, Schema schema, boolean deleted) {
    public Entry {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(schema, "schema");
    }
  }

  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<String, List<Entry>> subjects = new LinkedHashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;

  /**
   * The registry shared by everything in this JVM that names the same scope, like Confluent's
   * {@code mock://scope} URLs: a serializer and a deserializer configured with {@code
   * schema.registry.url=mock://tests} see the same schemas.
   */
  public static InMemorySchemaRegistry scope(String name) {
    return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
  }

  /** Forgets a scope (the next {@link #scope} call with this name starts empty). */
  public static void dropScope(String name) {
    SCOPES.remove(name);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
    SchemaVersion existing = find(subject, schema);
    if (existing != null) {
      return existing.id();
    }
    List<Schema> previous = live(subject).stream().map(Entry::schema).toList();
    List<String> problems = getCompatibility(subject).check(schema, previous);
    if (!problems.isEmpty()) {
      throw SchemaRegistryException.incompatible(subject, problems);
    }
    String canonical = schema.toString();
    Integer known = idByCanonical.get(canonical);
    int id = known != null ? known : nextId++;
    List<Entry> versions = subjects.getOrDefault(subject, List.of());
    int version = versions.stream().mapToInt(Entry::version).max().orElse(0) + 1;
    Entry entry = new Entry(subject, version, id, schema, false);
    onChange(entry);
    if (known == null) {
      idByCanonical.put(canonical, id);
      byId.put(id, schema);
    }
    subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(entry);
    return id;
  }

  /**
   * Hook for subclasses that persist changes (the embedded server): called under the lock before
   * the entry is applied; throwing aborts the change.
   */
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

  /** Restores a persisted compatibility level (subject null = global; level null = remove). */
  public synchronized void restoreCompatibility(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
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
      throw SchemaRegistryException.schemaNotFound(Integer.toString(id));
    }
    return schema;
  }

  /** Subject/version pairs that use a schema id, by subject (40403 when the id is unknown). */
  public synchronized List<SchemaVersion> versionsOfId(int id) {
    getById(id);
    List<SchemaVersion> out = new ArrayList<>();
    subjects.forEach(
        (subject, entries) ->
            entries.stream()
                .filter(e -> !e.deleted() && e.id() == id)
                .forEach(e -> out.add(new SchemaVersion(subject, e.version(), id, e.schema()))));
    out.sort(
        java.util.Comparator.comparing(SchemaVersion::subject)
            .thenComparingInt(SchemaVersion::version));
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
    return getSubjects(false);
  }

  /** Every subject, sorted; with {@code includeDeleted}, soft-deleted ones too. */
  public synchronized List<String> getSubjects(boolean includeDeleted) {
    return subjects.keySet().stream()
        .filter(s -> includeDeleted || !live(s).isEmpty())
        .sorted()
        .toList();
  }

  @Override
  public synchronized boolean testCompatibility(String subject, Schema schema) {
    return compatibilityProblems(subject, schema).isEmpty();
  }

  /**
   * The incompatibilities a schema would have as the subject's next version, against every live
   * version the subject's level looks at (empty = compatible; always empty for a new subject).
   */
  public synchronized List<String> compatibilityProblems(String subject, Schema schema) {
    List<Schema> previous = live(subject).stream().map(Entry::schema).toList();
    return getCompatibility(subject).check(schema, previous);
  }

  /**
   * The incompatibilities between a schema and one version of a subject under the subject's level
   * (Confluent's {@code POST /compatibility/subjects/{s}/versions/{v}}); 40401 / 40402 when the
   * subject or version does not exist.
   */
  public synchronized List<String> compatibilityProblems(
      String subject, Schema schema, int version) {
    SchemaVersion against = getVersion(subject, version);
    return getCompatibility(subject).check(schema, List.of(against.schema()));
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
        onChange(tombstoned);
        all.set(i, tombstoned);
        deleted.add(e.version());
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
    onCompatibilityChange(subject, level);
    restoreCompatibility(subject, level);
  }

  /**
   * Removes a subject's own level so that it follows the global one again; returns the level it
   * had, or null when it had none.
   */
  public synchronized CompatibilityLevel deleteCompatibility(String subject) {
    Objects.requireNonNull(subject, "subject");
    CompatibilityLevel previous = subjectLevels.get(subject);
    if (previous != null) {
      onCompatibilityChange(subject, null);
      subjectLevels.remove(subject);
    }
    return previous;
  }

  /**
   * Hook for subclasses that persist changes: called under the lock before the level is applied
   * (subject null = global, level null = the subject's own level removed); throwing aborts it.
   */
  protected void onCompatibilityChange(String subject, CompatibilityLevel level) {}

  /** Whether a subject has its own level (Confluent answers 40408 otherwise for GET /config/s). */
  public synchronized boolean hasSubjectLevel(String subject) {
    return subjectLevels.containsKey(subject);
  }
}
