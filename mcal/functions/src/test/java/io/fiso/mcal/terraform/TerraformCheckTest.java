package io.fiso.mcal.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs mcal/terraform-check: every .tf file parsed by a real HCL parser (npm {@code
 * @cdktf/hcl2json}, installed here by {@code npm ci} from the committed lock file), the contract
 * that {@code fiso mcal import} and mcal/README.md rely on, and {@code terraform fmt -check} /
 * {@code terraform validate} where terraform is installed. Each check becomes one test; a check
 * that could not run (no terraform, registry unreachable) is reported as skipped, with the reason.
 *
 * <p>Needs Node.js 18+ and npm. {@code -Dfiso.skipTerraformCheck=true} skips it.
 */
class TerraformCheckTest {

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private static final Path MCAL = Path.of(System.getProperty("fiso.mcal.dir", "..")).normalize();
  private static final Path CHECK_DIR = MCAL.resolve("terraform-check");
  private static final Path WORK_DIR =
      Path.of(System.getProperty("fiso.terraformCheck.workDir", "target/terraform-check"));

  @TestFactory
  Stream<DynamicTest> terraformContract() throws Exception {
    Assumptions.assumeFalse(
        Boolean.getBoolean("fiso.skipTerraformCheck"),
        "skipped with -Dfiso.skipTerraformCheck=true");
    requireTool("node", "--version");
    requireTool(WINDOWS ? "npm.cmd" : "npm", "--version");

    Files.createDirectories(WORK_DIR);
    Result npm =
        exec(
            List.of(WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund"),
            TimeUnit.MINUTES.toSeconds(5));
    if (npm.exitCode != 0) {
      fail(
          "`npm ci` in "
              + CHECK_DIR
              + " failed (exit "
              + npm.exitCode
              + "): it installs @cdktf/hcl2json from the npm registry.\n"
              + npm.output);
    }

    Path results = WORK_DIR.resolve("results.json").toAbsolutePath();
    Files.deleteIfExists(results);
    Result check =
        exec(
            List.of(
                "node",
                "check.js",
                "--json",
                results.toString(),
                "--work-dir",
                WORK_DIR.toAbsolutePath().toString()),
            TimeUnit.MINUTES.toSeconds(20));
    System.out.println(check.output);
    if (!Files.exists(results)) {
      fail("node check.js wrote no results (exit " + check.exitCode + "):\n" + check.output);
    }

    List<Object> entries = JSON.std.listFrom(Files.readString(results));
    assertThat(entries).as("checks run by check.js").isNotEmpty();
    List<DynamicTest> tests = new ArrayList<>();
    for (Object entry : entries) {
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) entry;
      String name = String.valueOf(result.get("name"));
      String status = String.valueOf(result.get("status"));
      String message = String.valueOf(result.get("message"));
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                switch (status) {
                  case "PASS" -> {}
                  case "SKIP" -> Assumptions.abort("skipped: " + message);
                  default -> fail(name + ": " + message);
                }
              }));
    }
    return tests.stream();
  }

  private static void requireTool(String tool, String versionFlag) throws InterruptedException {
    try {
      Result result = exec(List.of(tool, versionFlag), 60);
      if (result.exitCode != 0) {
        fail(
            missingNode(tool)
                + " (`"
                + tool
                + " "
                + versionFlag
                + "` exited "
                + result.exitCode
                + ")");
      }
    } catch (IOException e) {
      fail(missingNode(tool) + " (" + e.getMessage() + ")");
    }
  }

  private static String missingNode(String tool) {
    return tool
        + " is needed for the Terraform HCL check in "
        + CHECK_DIR
        + ": install Node.js 18 or newer with npm (Debian: apt-get install nodejs npm),"
        + " or skip the check with -Dfiso.skipTerraformCheck=true";
  }

  private record Result(int exitCode, String output) {}

  private static Result exec(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("terraform-check", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(CHECK_DIR.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
