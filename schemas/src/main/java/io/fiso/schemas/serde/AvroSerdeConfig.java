package io.fiso.schemas.serde;

/**
 * The settings {@link AvroSerializer} and {@link AvroDeserializer} read when Kafka creates them
 * from configuration ({@code value.serializer=io.fiso.schemas.serde.AvroSerializer}). The names are
 * Confluent's, so a Confluent serde configuration works unchanged; the registry client's own
 * settings (basic auth, TLS, timeouts, retries) are those of {@link
 * io.fiso.schemas.registry.HttpSchemaRegistryClient#fromConfig}.
 */
public final class AvroSerdeConfig {

  /** Registry URL(s); {@code mock://<scope>} for an in-JVM registry in tests. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Register a record's schema on first use (default true); false in production. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Deserialize into the generated class named by the writer schema's full name. */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** Confluent's reader class for keys (Confluent 7.3+). */
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

  /** Confluent's reader class for values (Confluent 7.3+). */
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

  /** FISO: the generated class to read every record as (wins over the settings above). */
  public static final String READER_CLASS = "fiso.avro.reader.class";

  /**
   * Whether generic records carry BigDecimal/Instant/LocalDate for logical types (default true in
   * FISO; Confluent's default is false, giving ByteBuffer/long/int).
   */
  public static final String USE_LOGICAL_TYPE_CONVERTERS = "avro.use.logical.type.converters";

  /** Subject naming for keys: TopicNameStrategy (default), RecordNameStrategy, ... */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  /** Subject naming for values: TopicNameStrategy (default), RecordNameStrategy, ... */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  private AvroSerdeConfig() {}
}
