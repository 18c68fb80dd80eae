package io.fiso.cli;

/** The exit codes of every fiso command. */
public final class ExitCodes {

  /** Done. */
  public static final int OK = 0;

  /** The command could not do its work (e.g. the broker is unreachable). */
  public static final int FAILURE = 1;

  /**
   * Wrong usage or an invalid setting (nothing was done), or, for {@code topics create}, topics
   * that exist but differ from the catalog.
   */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
