package io.fiso.workers.invoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A secret (a function key) given directly or read from a file, such as a mounted Kubernetes
 * secret. A file is re-read when it changes, so that a rotated key is picked up without a restart.
 * {@link #toString()} never shows the value.
 */
public final class SecretValue {

  private final String value;
  private final Path file;
  private volatile String cached;
  private volatile FileTime cachedAt;

  private SecretValue(String value, Path file) {
    this.value = value;
    this.file = file;
  }

  public static SecretValue of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("the secret value is blank");
    }
    return new SecretValue(value.strip(), null);
  }

  /** A secret read from {@code file} (trailing whitespace and newlines removed). */
  public static SecretValue fromFile(Path file) {
    SecretValue secret = new SecretValue(null, Objects.requireNonNull(file, "file"));
    secret.get(); // fail at start-up, naming the file, rather than on the first call
    return secret;
  }

  /** The current value. */
  public String get() {
    if (value != null) {
      return value;
    }
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (cached == null || !modified.equals(cachedAt)) {
        String read = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (read.isEmpty()) {
          throw new IllegalStateException("secret file " + file + " is empty");
        }
        cached = read;
        cachedAt = modified;
      }
      return cached;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return file == null ? "SecretValue[****]" : "SecretValue[file " + file + "]";
  }
}
