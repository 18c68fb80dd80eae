package io.fiso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FisoCommandTest {

  @Test
  void everyCommandHasHelpWithAnExample() {
    List<String> commands = new ArrayList<>();
    collect(Fiso.commandLine(new Fiso(Map.of())), "", commands);
    assertThat(commands).contains("", "topics", "topics create", "topics describe", "dev");

    for (String command : commands) {
      if (command.equals("help") || command.endsWith(" help")) {
        continue; // picocli's own help command, at any level
      }
      List<String> args =
          new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
      args.add("--help");
      CliRun run = CliRun.run(args.toArray(String[]::new));

      assertThat(run.exitCode()).as("fiso %s --help: %s", command, run).isZero();
      assertThat(run.out())
          .as("fiso %s --help", command)
          .contains("Usage: fiso")
          .contains("Example");
    }
  }

  @Test
  void helpCommandShowsASubcommandsHelp() {
    CliRun run = CliRun.run("help", "topics");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: fiso topics").contains("create").contains("describe");
  }

  @Test
  void inheritedOptionsAreAcceptedBeforeAndAfterTheSubcommand() {
    CliRun before =
        CliRun.run("--bootstrap-servers", "broker:9092", "topics", "describe", "--help");
    CliRun after = CliRun.run("topics", "create", "--bootstrap-servers", "broker:9092", "--help");

    assertThat(before.exitCode()).isZero();
    assertThat(after.exitCode()).isZero();
    assertThat(after.out()).contains("--bootstrap-servers").contains("--config");
  }

  @Test
  void anUnknownFlagExitsTwoNamingTheFlag() {
    CliRun run = CliRun.run("topics", "create", "--partitons", "fiso.costs=3");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--partitons")
        .contains("--partitions")
        .contains("fiso topics create --help");
  }

  @Test
  void aMissingCommandIsAUsageError() {
    CliRun root = CliRun.run();
    CliRun topics = CliRun.run("topics");

    assertThat(root.exitCode()).isEqualTo(2);
    assertThat(root.err()).contains("Missing a command").contains("topics");
    assertThat(topics.exitCode()).isEqualTo(2);
    assertThat(topics.err()).contains("create").contains("describe");
  }

  @Test
  void devNamesAPortThatIsAlreadyInUse(@TempDir Path data) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      CliRun run =
          CliRun.run("dev", "--data-dir", data.toString(), "--kafka-port", Integer.toString(port));

      assertThat(run.exitCode()).isNotZero();
      assertThat(run.err()).contains("port " + port).contains("already in use");
    }
  }

  @Test
  void versionNamesFisoAndKafka() {
    CliRun run = CliRun.run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("fiso ").contains("Kafka clients 4.");
  }

  @Test
  void anInvalidSettingExitsTwoNamingTheSettingAndItsSource() {
    CliRun fromFlag = CliRun.run("topics", "create", "--bootstrap-servers", "no-port");
    CliRun fromEnv = CliRun.run(Map.of("FISO_BOOTSTRAP_SERVERS", "no-port"), "topics", "describe");

    assertThat(fromFlag.exitCode()).isEqualTo(2);
    assertThat(fromFlag.err())
        .contains("bootstrap.servers")
        .contains("'no-port'")
        .contains("the flag --bootstrap-servers");
    assertThat(fromEnv.exitCode()).isEqualTo(2);
    assertThat(fromEnv.err()).contains("environment variable FISO_BOOTSTRAP_SERVERS");
  }

  @Test
  void aMissingConfigFileExitsTwoNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("fiso.properties");

    CliRun run = CliRun.run("--config", missing.toString(), "topics", "describe");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(missing.toString()).contains("--config");
  }

  @Test
  void aPartitionOverrideForAnUnknownTopicIsAUsageError() {
    CliRun run = CliRun.run("topics", "create", "--partitions", "fiso.nope=3");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("fiso.nope").contains("fiso.invocations");
  }

  @Test
  void describeCatalogOnlyPrintsTheCatalogWithoutKafka() {
    CliRun run = CliRun.run("topics", "describe", "--catalog-only");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("TOPIC")
        .containsPattern("fiso\\.invocations\\s+6\\s+delete\\s+7d\\s+InvocationRequest")
        .containsPattern("fiso\\.policies\\s+1\\s+compact\\s+forever\\s+RoutingPolicy")
        .doesNotContain("LIVE");
  }

  private static void collect(CommandLine cmd, String path, List<String> into) {
    into.add(path);
    cmd.getSubcommands()
        .forEach((name, sub) -> collect(sub, path.isEmpty() ? name : path + " " + name, into));
  }
}
