package io.fiso.schemas.config;

import java.util.Objects;

/**
 * One resolved setting: its canonical key (lower case, dotted, e.g. {@code bootstrap.servers}), its
 * value, and where that value came from. {@link #toString()} never shows a secret's value.
 *
 * @param key canonical key, e.g. {@code kafka.sasl.mechanism}
 * @param value the raw text value
 * @param source which layer supplied it
 * @param origin the exact place: the flag ({@code --bootstrap-servers}), the environment variable
 *     ({@code FISO_BOOTSTRAP_SERVERS}), the file path, or {@code default}
 */
public record Setting(String key, String value, SettingSource source, String origin) {

  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
  }

  /** True when the key looks like it holds a credential; its value is then never printed. */
  public boolean secret() {
    return Secrets.isSecret(key);
  }

  /** The value as it may be printed: secrets are replaced by {@code [hidden]}. */
  public String printableValue() {
    return Secrets.printable(key, value);
  }

  /** E.g. "the environment variable FISO_BOOTSTRAP_SERVERS" or "the default". */
  public String describeOrigin() {
    return switch (source) {
      case FLAG -> "the flag " + origin;
      case ENVIRONMENT -> "the environment variable " + origin;
      case FILE -> "the properties file " + origin;
      case DEFAULT -> "the default";
    };
  }

  @Override
  public String toString() {
    return key + "=" + printableValue() + " (from " + describeOrigin() + ")";
  }
}
