package io.fiso.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's first five minutes: the real {@code ./fiso dev} script as a real process, the seed's
 * {@code curl -X POST /api/v1/orchestrate}, the result and cost event on their topics, the costs
 * endpoint, and a restart that continues where the first run stopped.
 */
class FisoDevIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theSeedsCurlCallWorksAndEveryInvocationIsRecordedAndKeptAcrossARestart() throws Exception {
    // Every port chosen here, the emulators' too: emulators on port 0 could take, from the same
    // ephemeral range, the port chosen for the control plane, which starts last.
    List<Integer> ports = freePorts(7);
    int httpPort = ports.get(0);
    int kafkaPort = ports.get(1);
    int registryPort = ports.get(2);
    Path dataDir = tmp.resolve("data");
    List<String> args =
        List.of(
            "dev",
            "--data-dir",
            dataDir.toString(),
            "--port",
            Integer.toString(httpPort),
            "--kafka-port",
            Integer.toString(kafkaPort),
            "--registry-port",
            Integer.toString(registryPort),
            "--emulator-ports",
            String.join(",", ports.subList(3, 7).stream().map(String::valueOf).toList()));
    Path log1 = tmp.resolve("dev-1.log");
    Process dev = startDev(args, log1);

    // "Ready" means every service answers: the cost-ingestor's rollups too, not a 503 while its
    // first rebalance is still running.
    HttpResponse<String> ready = get(httpPort, "/readyz");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    HttpResponse<String> early =
        get(httpPort, "/api/v1/costs?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(1));
    assertThat(early.statusCode()).as(early.body()).isEqualTo(200);

    // The seed's call, unchanged: POST with no body and no parameters.
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + "/api/v1/orchestrate"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("message").asText()).isEqualTo("Hello from the FISO Sample App!");
    assertThat(body.path("platform").asText()).isEqualTo("AWS Lambda");
    assertThat(body.path("java_version").asText()).isNotBlank();
    String id = response.headers().firstValue("X-Fiso-Invocation-Id").orElseThrow();
    assertThat(body.path("invocation_id").asText()).isEqualTo(id);
    assertThat(response.headers().firstValue("X-Fiso-Provider")).contains("aws");
    BigDecimal headerCost =
        new BigDecimal(response.headers().firstValue("X-Fiso-Cost-Usd").orElseThrow());
    assertThat(headerCost).isPositive();

    // Its result on fiso.results and its cost event on fiso.costs.
    String bootstrap = "localhost:" + kafkaPort;
    SchemaRegistryClient registry =
        SchemaRegistryClients.fromConfig(
            Map.of(HttpSchemaRegistryClient.URL_CONFIG, "http://localhost:" + registryPort));
    InvocationResult result =
        find(
            bootstrap,
            Topics.RESULTS.name(),
            id,
            new AvroDeserializer<>(registry, InvocationResult.class));
    assertThat(result.getStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
    assertThat(result.getProvider()).isEqualTo(Provider.AWS);
    CostEvent cost =
        find(bootstrap, Topics.COSTS.name(), id, new AvroDeserializer<>(registry, CostEvent.class));
    assertThat(cost.getProvider()).isEqualTo(Provider.AWS);
    assertThat(cost.getEstimated()).as("AWS cost comes from the REPORT line").isFalse();
    assertThat(cost.getBilledCost()).isEqualByComparingTo(headerCost);

    // The costs endpoint, answered from the cost-ingestor's rollups.
    JsonNode costs = awaitCosts(httpPort, 1);
    assertThat(costs.path("groups").toString()).contains("fiso-sample").contains("aws");

    // The same pipeline from the command line: fiso invoke, then fiso results tail.
    List<String> connect =
        List.of(
            "--bootstrap-servers",
            bootstrap,
            "--schema-registry-url",
            "http://localhost:" + registryPort);
    Cli invoked =
        cli(connect, "invoke", "--function", "fiso-sample-cheapest", "--payload", "{\"n\":1}");
    assertThat(invoked.exitCode()).as(invoked.output()).isZero();
    assertThat(invoked.output()).contains("SUCCEEDED").contains("Hello from the FISO Sample App!");
    Cli tail = cli(connect, "results", "tail", "--from-beginning", "--count", "2");
    assertThat(tail.exitCode()).as(tail.output()).isZero();
    assertThat(tail.output()).contains(id).contains("fiso-sample-cheapest");

    // Ctrl-C keeps the data; a restart continues where it stopped.
    long beforeRestart = awaitCosts(httpPort, 2).path("attempts").asLong();
    dev.destroy(); // SIGTERM, as Ctrl-C
    assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("fiso dev stops on SIGTERM").isTrue();
    assertThat(Files.readString(log1)).contains("Stopped. The data is kept");
    startDev(args, tmp.resolve("dev-2.log"));
    HttpResponse<String> again =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + "/api/v1/orchestrate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"again\":true}"))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode afterRestart = awaitCosts(httpPort, beforeRestart + 1);
    assertThat(afterRestart.path("attempts").asLong())
        .as("the first run's invocations are still counted after the restart, plus the new one")
        .isEqualTo(beforeRestart + 1);
  }

  record Cli(int exitCode, String output) {}

  private Cli cli(List<String> connect, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("fiso").toString());
    command.addAll(connect);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "cli", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    processes.add(p);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      throw new AssertionError(command + " did not finish:\n" + Files.readString(out));
    }
    return new Cli(p.exitValue(), Files.readString(out));
  }

  private Process startDev(List<String> args, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPO.resolve("fiso").toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    processes.add(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline) {
      String out = Files.exists(log) ? Files.readString(log) : "";
      if (out.contains("Ready in")) {
        return process;
      }
      if (!process.isAlive()) {
        throw new AssertionError("fiso dev exited with " + process.exitValue() + ":\n" + out);
      }
      Thread.sleep(250);
    }
    throw new AssertionError("fiso dev was not ready within 240 s:\n" + Files.readString(log));
  }

  private HttpResponse<String> get(int httpPort, String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + pathAndQuery))
            .GET()
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitCosts(int httpPort, long attempts) throws Exception {
    URI uri =
        URI.create(
            "http://localhost:"
                + httpPort
                + "/api/v1/costs?from="
                + LocalDate.now(ZoneOffset.UTC).minusDays(1)
                + "&groupBy=provider,function");
    JsonNode last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        last = JSON.readTree(r.body());
        if (last.path("attempts").asLong() >= attempts) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("costs did not reach " + attempts + " attempts: " + last);
  }

  private static <V> V find(
      String bootstrap, String topic, String key, AvroDeserializer<V> decoder) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (key.equals(r.key())) {
            return decoder.deserialize(r);
          }
        }
      }
    }
    throw new AssertionError("no record with key " + key + " on " + topic);
  }

  /** {@code n} different free ports (all probed at once, so none is handed out twice). */
  private static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
