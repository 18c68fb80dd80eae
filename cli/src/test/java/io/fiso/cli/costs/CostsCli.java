package io.fiso.cli.costs;

import io.fiso.cli.CliRun;
import io.fiso.cli.Fiso;
import io.fiso.cli.costingestor.CostIngestorCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code fiso costs ...} / {@code fiso cost-ingestor} in-process, registered if the root lacks
 * them.
 */
final class CostsCli {

  private CostsCli() {}

  static CliRun run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fiso.commandLine(new Fiso(env));
    if (!cli.getSubcommands().containsKey("costs")) {
      cli.addSubcommand(new CostsCommand());
    }
    if (!cli.getSubcommands().containsKey("cost-ingestor")) {
      cli.addSubcommand(new CostIngestorCommand());
    }
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
