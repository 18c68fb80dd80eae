package io.fiso.bench.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Memory of a running process, from Linux's {@code /proc/<pid>/status}. */
final class ProcStatus {

  private ProcStatus() {}

  /**
   * The resident set size ({@code VmRSS}) of process {@code pid}, in bytes.
   *
   * @throws IllegalStateException when the process is gone or /proc cannot tell (not Linux)
   */
  static long residentBytes(long pid) {
    return field(pid, "VmRSS");
  }

  /** The peak resident set size ({@code VmHWM}) of process {@code pid}, in bytes. */
  static long peakResidentBytes(long pid) {
    return field(pid, "VmHWM");
  }

  private static long field(long pid, String name) {
    Path file = Path.of("/proc", Long.toString(pid), "status");
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "Cannot read " + name + ": process " + pid + " is gone (" + file + " does not exist)");
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read " + name + " from " + file + " (this benchmark needs Linux's /proc): " + e,
          e);
    }
    long bytes = kib(text, name);
    if (bytes < 0) {
      throw new IllegalStateException(file + " has no " + name + " line");
    }
    return bytes;
  }

  /**
   * The value of the line {@code <name>: <n> kB} of a {@code /proc/<pid>/status} text, in bytes; -1
   * when there is no such line.
   *
   * @throws IllegalArgumentException when the line is there but not {@code <n> kB}
   */
  static long kib(String status, String name) {
    for (String line : status.split("\n")) {
      if (!line.startsWith(name + ":")) {
        continue;
      }
      String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
      if (parts.length != 2 || !parts[1].toLowerCase(Locale.ROOT).equals("kb")) {
        throw new IllegalArgumentException("Unexpected /proc status line: '" + line + "'");
      }
      try {
        return Long.parseLong(parts[0]) * 1024;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Unexpected /proc status line: '" + line + "'", e);
      }
    }
    return -1;
  }

  /** Bytes as MiB, for figures. */
  static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
