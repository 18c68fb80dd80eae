package io.fiso.cli.mcal;

/**
 * A Terraform output file that cannot be turned into a policy. The message names the file and the
 * output at fault and says how to fix it; it never contains the value of a sensitive output.
 */
public final class McalImportException extends Exception {
  private static final long serialVersionUID = 1L;

  public McalImportException(String message) {
    super(message);
  }

  public McalImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
