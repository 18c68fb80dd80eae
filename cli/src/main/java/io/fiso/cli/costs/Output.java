package io.fiso.cli.costs;

import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a costs command writes: a file (-o) or the command's stdout. */
final class Output {

  private Output() {}

  interface Body {
    void write(Writer out) throws IOException;
  }

  static void to(Path file, PrintWriter stdout, Body body) {
    if (file == null) {
      try {
        body.write(stdout);
      } catch (IOException e) {
        throw new CliException(ExitCodes.FAILURE, "Could not write: " + e.getMessage(), e);
      }
      stdout.flush();
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      body.write(out);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILURE, "Could not write " + file + ": " + e.getMessage(), e);
    }
    try {
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILURE, "Could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
