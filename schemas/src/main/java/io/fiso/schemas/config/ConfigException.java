package io.fiso.schemas.config;

/**
 * A setting is missing, unreadable or invalid. The message names the setting, where its value came
 * from and how to fix it; it never contains a secret value.
 */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  public ConfigException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The setting at fault (canonical key), or {@code null} for a problem with the file itself. */
  public String key() {
    return key;
  }
}
