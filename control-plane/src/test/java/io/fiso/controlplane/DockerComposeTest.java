package io.fiso.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The repository's docker-compose.yml, checked by the docker-compose binary (Debian's package runs
 * {@code config} without a Docker engine). Skipped, saying so, where the binary is missing.
 */
class DockerComposeTest {

  private static final List<String> FISO_SERVICES =
      List.of(
          "router",
          "workers-aws",
          "workers-azure",
          "workers-gcp",
          "cost-ingestor",
          "control-plane",
          "emulators");

  private record Run(int exit, String out, String err) {}

  private static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("docker-compose.yml above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  private static String composeBinary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "docker-compose");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private static Run compose(String... args) throws IOException, InterruptedException {
    String binary = composeBinary();
    assumeTrue(
        binary != null,
        "docker-compose is not installed, so docker-compose.yml is not checked"
            + " (Debian: apt-get install docker-compose)");
    Path repo = repository();
    List<String> command = new ArrayList<>(List.of(binary, "-f", "docker-compose.yml"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("FISO_") || k.startsWith("COMPOSE_"));
    Process process = pb.start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Run run = compose("config", "-q");

    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  void everyFisoServiceRunsFromTheOneImageWithAHealthCheck() throws Exception {
    Run run = compose("--profile", "emulators", "config");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode services = new YAMLMapper().readTree(run.out()).get("services");

    assertThat(services.has("kafka")).isTrue();
    assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
    assertThat(services.get("schema-registry").get("image").asText())
        .startsWith("confluentinc/cp-schema-registry:");
    String image = services.get("control-plane").get("image").asText();
    for (String name : FISO_SERVICES) {
      JsonNode service = services.get(name);
      assertThat(service).as(name).isNotNull();
      assertThat(service.get("image").asText()).as(name).isEqualTo(image);
      assertThat(Path.of(service.at("/build/context").asText())).as(name).isEqualTo(repository());
      assertThat(service.has("healthcheck")).as(name + " has a health check").isTrue();
    }
    assertThat(services.get("kafka").has("healthcheck")).isTrue();
    assertThat(services.get("schema-registry").has("healthcheck")).isTrue();
    assertThat(services.get("emulators").get("profiles").toString()).contains("emulators");
    assertThat(services.get("control-plane").get("ports").toString()).contains("8080");
  }

  @Test
  void onlyTheKafkaStreamsServicesHaveStaticMembershipEachWithItsOwnId() throws Exception {
    Run run = compose("config");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode services = new YAMLMapper().readTree(run.out()).get("services");
    String id = "/environment/FISO_KAFKA_GROUP_INSTANCE_ID";

    // A restarted router or cost-ingestor takes its partitions back at once (docs/router.md).
    String router = services.get("router").at(id).asText("");
    String costIngestor = services.get("cost-ingestor").at(id).asText("");
    assertThat(router).isNotBlank();
    assertThat(costIngestor).isNotBlank().isNotEqualTo(router);
    // fiso workers refuses the setting at start-up (share consumers do not take it), and the
    // control plane's consumers would all share one id.
    for (String name : List.of("workers-aws", "workers-azure", "workers-gcp", "control-plane")) {
      assertThat(services.get(name).at(id).isMissingNode()).as(name).isTrue();
    }
  }

  @Test
  void theImageRunsTheFisoJarAsANonRootUser() throws Exception {
    String dockerfile = Files.readString(repository().resolve("Dockerfile"));

    assertThat(dockerfile)
        .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
        .contains("./mvnw")
        .contains("FROM eclipse-temurin:17-jre")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/fiso.jar\"]");
    String user =
        dockerfile
            .lines()
            .filter(l -> l.startsWith("USER "))
            .reduce((a, b) -> b)
            .orElseThrow()
            .substring(5)
            .trim();
    assertThat(user).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
  }
}
