package io.fiso.cli;

/**
 * A command failed in a way the user can act on: the message says what and how to fix it, and is
 * printed without a stack trace; {@link #exitCode()} is the process exit code.
 */
public class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(String message) {
    this(ExitCodes.FAILURE, message, null);
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
