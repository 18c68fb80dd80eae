package io.fiso.cli;

import io.fiso.schemas.config.ConfigException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** How fiso reports wrong usage and failures: one clear line, a hint, and an exit code. */
final class ErrorHandlers {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandlers.class);

  private ErrorHandlers() {}

  /** Wrong flags or arguments: the message, suggestions, and where to get help; exit 2. */
  static final class Usage implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println(cmd.getColorScheme().errorText("fiso: " + e.getMessage()));
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  /** Failures while running: settings errors exit 2, others 1; no stack trace unless debugging. */
  static final class Execution implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      int code = exitCode(e);
      String message =
          e instanceof ConfigException || e instanceof CliException
              ? e.getMessage()
              : "error: " + describe(e);
      err.println(cmd.getColorScheme().errorText("fiso: " + message));
      if (e instanceof ConfigException) {
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      }
      err.flush();
      log.debug("{} failed", cmd.getCommandSpec().qualifiedName(), e);
      return code;
    }
  }

  static int exitCode(Throwable e) {
    if (e instanceof ConfigException) {
      return ExitCodes.USAGE;
    }
    if (e instanceof CliException cli) {
      return cli.exitCode();
    }
    return ExitCodes.FAILURE;
  }

  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }
}
