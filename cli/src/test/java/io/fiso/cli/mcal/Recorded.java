package io.fiso.cli.mcal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded `terraform output -json` files under src/test/resources/mcal. */
final class Recorded {
  static final String AZURE_KEY = "RECORDED-FAKE-FUNCTION-KEY-never-copy-me==";

  private Recorded() {}

  static Path file(String name) {
    try {
      return Path.of(Recorded.class.getResource("/mcal/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource /mcal/" + name + " is missing", e);
    }
  }

  static String text(String name) {
    try {
      return Files.readString(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TerraformOutputs outputs(String name) throws McalImportException {
    return TerraformOutputs.read(file(name));
  }

  /** A copy of a recorded file with one textual replacement, for malformed-input tests. */
  static Path variant(Path dir, String name, String from, String to) {
    String original = text(name);
    if (!original.contains(from)) {
      throw new IllegalArgumentException(name + " does not contain " + from);
    }
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, original.replace(from, to));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
