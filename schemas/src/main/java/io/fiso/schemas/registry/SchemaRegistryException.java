package io.fiso.schemas.registry;

/**
 * A schema-registry failure with Confluent's HTTP status and error code.
 *
 * <p>{@link #getMessage()} reads well in a log ("... (HTTP 404, error code 40401)"); {@link
 * #errorMessage()} is the bare message a registry puts in the {@code message} field of its error
 * body. A failure that never got an answer from a registry (I/O, timeout, bad configuration) has
 * status and code 0.
 */
public class SchemaRegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** GET /config/{subject} on a subject without its own level (and no defaultToGlobal). */
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;

  /** Confluent's code for an incompatible schema (HTTP 409); newer registries may send 40901. */
  public static final int INCOMPATIBLE = 409;

  /** The code newer Confluent registries put on HTTP 409. */
  public static final int INCOMPATIBLE_SCHEMA = 40901;

  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int BACKEND_ERROR = 50001;

  /** What Confluent's client reports when a response is not the JSON it expects. */
  public static final int UNPARSEABLE_RESPONSE = 50005;

  private final int httpStatus;
  private final int errorCode;
  private final String errorMessage;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    this(httpStatus, errorCode, message, null);
  }

  public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
    super(message + " (HTTP " + httpStatus + ", error code " + errorCode + ")", cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.errorMessage = message;
  }

  /** A failure without an answer from the registry (I/O, timeout, configuration). */
  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
    this.errorMessage = message;
  }

  /** The HTTP status the registry answered with; 0 when it did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent's error code ({@code error_code}); 0 when the registry did not answer. */
  public int errorCode() {
    return errorCode;
  }

  /** The message without the status and code, as it goes in an error body. */
  public String errorMessage() {
    return errorMessage;
  }

  /** Whether the schema was refused as incompatible with the subject's earlier versions. */
  public boolean isIncompatible() {
    return httpStatus == 409 || errorCode == INCOMPATIBLE || errorCode == INCOMPATIBLE_SCHEMA;
  }

  /** Whether asking again later may succeed: no answer at all, or a server-side (5xx) failure. */
  public boolean isRetriable() {
    return httpStatus == 0 || httpStatus >= 500;
  }

  public static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  public static SchemaRegistryException versionNotFound(String subject, Object version) {
    return new SchemaRegistryException(
        404, VERSION_NOT_FOUND, "Version " + version + " of subject '" + subject + "' not found.");
  }

  public static SchemaRegistryException schemaNotFound(String what) {
    return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema " + what + " not found");
  }

  public static SchemaRegistryException incompatible(String subject, Object details) {
    return new SchemaRegistryException(
        409,
        INCOMPATIBLE,
        "Schema being registered is incompatible with an earlier schema for subject \""
            + subject
            + "\", details: "
            + details);
  }

  public static SchemaRegistryException invalidSchema(String detail) {
    return new SchemaRegistryException(422, INVALID_SCHEMA, "Invalid schema " + detail);
  }

  public static SchemaRegistryException invalidVersion(String version) {
    return new SchemaRegistryException(
        422,
        INVALID_VERSION,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
            + " \"latest\"");
  }

  public static SchemaRegistryException invalidCompatibilityLevel(String level) {
    return new SchemaRegistryException(
        422,
        INVALID_COMPATIBILITY_LEVEL,
        "Invalid compatibility level '"
            + level
            + "'. Valid values are none, backward, forward, full, backward_transitive,"
            + " forward_transitive, and full_transitive");
  }

  public static SchemaRegistryException subjectCompatibilityNotConfigured(String subject) {
    return new SchemaRegistryException(
        404,
        SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
        "Subject '" + subject + "' does not have subject-level compatibility configured");
  }

  public static SchemaRegistryException backendError(String message, Throwable cause) {
    return new SchemaRegistryException(500, BACKEND_ERROR, message, cause);
  }
}
