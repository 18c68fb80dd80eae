package io.fiso.schemas.registry;

import org.apache.avro.Schema;

/** One registered version of a subject. */
public record SchemaVersion(String subject, int version, int id, Schema schema) {}
