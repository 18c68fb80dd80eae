package io.fiso.schemas.config;

/** Where a setting's value came from, highest precedence first. */
public enum SettingSource {
  /** An explicit value, e.g. a command-line flag. */
  FLAG("command-line flag"),
  /** A {@code FISO_*} environment variable. */
  ENVIRONMENT("environment variable"),
  /** The properties file given by {@code --config FILE} or {@code FISO_CONFIG_FILE}. */
  FILE("properties file"),
  /** FISO's built-in default. */
  DEFAULT("default");

  private final String description;

  SettingSource(String description) {
    this.description = description;
  }

  /** Human-readable name, e.g. "environment variable". */
  public String description() {
    return description;
  }
}
