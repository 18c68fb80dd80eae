package io.fiso.schemas.registry;

/** A schema-registry failure with Confluent's HTTP status and error code. */
public class SchemaRegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int INCOMPATIBLE = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int BACKEND_ERROR = 50001;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    super(message + " (HTTP " + httpStatus + ", error code " + errorCode + ")");
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = 0;
    this.errorCode = 0;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorCode() {
    return errorCode;
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
}
