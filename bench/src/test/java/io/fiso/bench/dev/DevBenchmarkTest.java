package io.fiso.bench.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevBenchmarkTest {

  @Test
  void jvmOptionsComeBeforeTheJarAndDevRunsFreshOnTheGivenPorts() {
    List<String> cmd =
        DevBenchmark.command(
            Path.of("/jdk/bin/java"),
            List.of("-Xmx1g", "-XX:+UseG1GC"),
            Path.of("/x/fiso.jar"),
            Path.of("/tmp/d/data"),
            new DevBenchmark.Ports(18080, 19092, 18081, List.of(19001, 19002, 19003, 18085)));
    assertThat(cmd)
        .containsExactly(
            "/jdk/bin/java",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-jar",
            "/x/fiso.jar",
            "dev",
            "--fresh",
            "--data-dir=/tmp/d/data",
            "--port=18080",
            "--kafka-port=19092",
            "--registry-port=18081",
            "--emulator-ports=19001,19002,19003,18085");
  }

  @Test
  void aRestartKeepsTheDataAndThePorts() {
    DevBenchmark.Ports ports =
        new DevBenchmark.Ports(18080, 19092, 18081, List.of(19001, 19002, 19003, 18085));
    List<String> fresh =
        DevBenchmark.command(
            Path.of("java"), List.of(), Path.of("/x/fiso.jar"), Path.of("/d"), ports, true);
    List<String> again =
        DevBenchmark.command(
            Path.of("java"), List.of(), Path.of("/x/fiso.jar"), Path.of("/d"), ports, false);
    assertThat(again).doesNotContain("--fresh");
    assertThat(fresh).contains("--fresh");
    assertThat(fresh.stream().filter(a -> !a.equals("--fresh")).toList()).isEqualTo(again);
  }

  @Test
  void freePortsAreSevenDifferentPortsTheEmulatorsIncluded() {
    DevBenchmark.Ports p = DevBenchmark.Ports.free();
    List<Integer> all = new java.util.ArrayList<>(List.of(p.http(), p.kafka(), p.registry()));
    all.addAll(p.emulators());
    assertThat(all).hasSize(7).doesNotHaveDuplicates().allMatch(x -> x > 0);
  }

  @Test
  void fisoDevsOwnReadyLineIsRead() {
    String out = "  starting control plane...        ok (412 ms)\n\nReady in 6.4 s.\n";
    assertThat(DevBenchmark.selfReportedReady(out)).hasValue(6.4);
    assertThat(DevBenchmark.selfReportedReady("Ready in 12 s.")).hasValue(12.0);
    assertThat(DevBenchmark.selfReportedReady("starting...")).isEmpty();
  }

  @Test
  void aMissingJarIsNamedWithTheCommandThatBuildsIt(@TempDir Path dir) {
    Path jar = dir.resolve("cli/target/fiso.jar");
    assertThatThrownBy(() -> DevBenchmark.requireJar(jar))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(jar.toAbsolutePath().toString())
        .hasMessageContaining("./mvnw -pl cli -am package -DskipTests")
        .hasMessageContaining("--jar");
  }
}
