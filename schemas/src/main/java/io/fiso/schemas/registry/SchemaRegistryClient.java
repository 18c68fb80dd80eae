package io.fiso.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The calls FISO makes to a Confluent-compatible schema registry. {@link HttpSchemaRegistryClient}
 * speaks Confluent's REST API to a real Confluent Schema Registry or to FISO's embedded one; {@link
 * InMemorySchemaRegistry} keeps everything in this JVM (unit tests, TopologyTestDriver).
 *
 * <p>Every failure is a {@link SchemaRegistryException} carrying Confluent's error code (40401
 * subject not found, 40402 version not found, 40403 schema not found, 409 incompatible, 42201
 * invalid schema).
 */
public interface SchemaRegistryClient {

  /** Registers a schema under a subject (or finds it there) and returns its global id. */
  int register(String subject, Schema schema);

  /** The version of this exact schema under a subject; 40403 when it is not registered there. */
  SchemaVersion lookup(String subject, Schema schema);

  /** The schema with this global id; 40403 when there is none. */
  Schema getById(int id);

  /** A version of a subject; 40401 / 40402 when missing. */
  SchemaVersion getVersion(String subject, int version);

  /** The latest version of a subject; 40401 when the subject does not exist. */
  SchemaVersion getLatest(String subject);

  /** Versions registered under a subject, ascending. */
  List<Integer> getVersions(String subject);

  /** Every subject with at least one version. */
  List<String> getSubjects();

  /** Whether a schema may be registered as the next version of a subject under its rules. */
  boolean testCompatibility(String subject, Schema schema);

  /** Deletes a subject (soft delete); returns the versions deleted. */
  List<Integer> deleteSubject(String subject);

  /** The compatibility level of a subject, or the global one when subject is null. */
  CompatibilityLevel getCompatibility(String subject);

  /** Sets the compatibility level of a subject, or the global one when subject is null. */
  void setCompatibility(String subject, CompatibilityLevel level);
}
