package io.fiso.cli.policy;

import io.fiso.cli.CliRun;
import io.fiso.cli.Fiso;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code fiso policy ...} in-process, as {@link CliRun} does, with {@code policy} added to the
 * root command when it is not registered there (yet).
 */
final class PolicyCli {

  private PolicyCli() {}

  static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fiso.commandLine(new Fiso(env));
    if (!cli.getSubcommands().containsKey("policy")) {
      cli.addSubcommand(new PolicyCommand());
    }
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
