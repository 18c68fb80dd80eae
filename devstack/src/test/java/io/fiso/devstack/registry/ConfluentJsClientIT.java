package io.fiso.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.Provider;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent client: the standard Confluent schema-registry library for Node ({@code
 * @kafkajs/confluent-schema-registry}, devstack/src/test/js) registers and encodes against the
 * embedded registry and FISO's deserializer reads its bytes; and it decodes bytes FISO wrote.
 * Skipped, saying so, where Node.js is not installed.
 */
@FisoKafka
class ConfluentJsClientIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SOURCES = Path.of("src", "test", "js");
  private static Path workDir;

  @BeforeAll
  static void installTheNodeClient() throws Exception {
    String node = version("node");
    assumeTrue(
        node != null,
        "Node.js is not installed (no 'node' on the PATH): the JS interop test needs it");
    String npm = version("npm");
    assumeTrue(
        npm != null, "npm is not installed (no 'npm' on the PATH): the JS interop test needs it");
    workDir = Path.of("target", "js-interop").toAbsolutePath();
    Files.createDirectories(workDir);
    for (String file : List.of("package.json", "package-lock.json", "interop.js")) {
      Files.copy(
          SOURCES.resolve(file),
          workDir.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Result install = run(workDir, 600, "npm", "ci", "--no-audit", "--no-fund");
    assertThat(install.exit()).as("npm ci in " + workDir + ":\n" + install.output()).isZero();
  }

  @Test
  void fisoReadsWhatTheNodeClientRegisteredAndEncoded(KafkaTestEnv kafka, @TempDir Path tmp)
      throws Exception {
    String topic = kafka.name("fiso.invocations");
    Path schema =
        Files.writeString(
            tmp.resolve("schema.avsc"), InvocationRequest.getClassSchema().toString());
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("invocationId", "inv-js-1");
    record.put("function", "checkout");
    record.put("payload", bytes("{\"cart\":\"c-7\"}".getBytes(StandardCharsets.UTF_8)));
    record.put("contentType", "application/json");
    record.put("mode", "ASYNC");
    record.put("deadline", 1_793_700_000_123L);
    record.put("preferredProvider", "GCP");
    record.put("preferredRegion", null);
    record.put("labels", Map.of("team", "search"));
    record.put("requestedAt", 1_793_699_999_000L);
    record.put("attempt", 2);
    record.put("excludedProviders", List.of("AWS", "AZURE"));
    record.put("traceparent", null);
    Path recordFile =
        Files.writeString(tmp.resolve("record.json"), JSON.writeValueAsString(record));

    Result encoded =
        node(
            "encode",
            kafka.schemaRegistryUrl(),
            topic + "-value",
            schema.toString(),
            recordFile.toString());
    JsonNode out = JSON.readTree(encoded.output());
    byte[] wire = HexFormat.of().parseHex(out.get("hex").asText());

    HttpSchemaRegistryClient client =
        HttpSchemaRegistryClient.builder(kafka.schemaRegistryUrl()).build();
    assertThat(wire[0]).isZero();
    assertThat(ByteBuffer.wrap(wire, 1, 4).getInt()).isEqualTo(out.get("id").asInt());
    assertThat(client.getLatest(topic + "-value").id()).isEqualTo(out.get("id").asInt());

    InvocationRequest read =
        new AvroDeserializer<>(client, InvocationRequest.class).deserialize(topic, wire);

    assertThat(read.getInvocationId()).isEqualTo("inv-js-1");
    assertThat(read.getMode()).isEqualTo(InvocationMode.ASYNC);
    assertThat(read.getPayload())
        .isEqualTo(ByteBuffer.wrap("{\"cart\":\"c-7\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(read.getDeadline()).isEqualTo(Instant.ofEpochMilli(1_793_700_000_123L));
    assertThat(read.getPreferredProvider()).isEqualTo(Provider.GCP);
    assertThat(read.getPreferredRegion()).isNull();
    assertThat(read.getLabels()).containsExactly(Map.entry("team", "search"));
    assertThat(read.getAttempt()).isEqualTo(2);
    assertThat(read.getExcludedProviders()).containsExactly(Provider.AWS, Provider.AZURE);
  }

  @Test
  void theNodeClientEncodesDecimalsFisoReadsExactly(KafkaTestEnv kafka, @TempDir Path tmp)
      throws Exception {
    String topic = kafka.name("fiso.budget-status");
    BigDecimal spend = new BigDecimal("41.123456789012345678901234");
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("scope", "label:team=search");
    record.put("policyFunction", "checkout");
    record.put("period", "MONTH");
    record.put("periodStart", 1_793_491_200_000L);
    record.put("periodEnd", 1_796_083_200_000L);
    record.put("amount", decimal(new BigDecimal("50")));
    record.put("spend", decimal(spend));
    record.put("forecast", decimal(new BigDecimal("-0.5")));
    record.put("utilization", 0.82);
    record.put("state", "WARN");
    record.put("action", "BLOCK");
    record.put("updatedAt", 1_793_700_000_000L);
    Path schema =
        Files.writeString(tmp.resolve("schema.avsc"), BudgetStatus.getClassSchema().toString());
    Path recordFile =
        Files.writeString(tmp.resolve("record.json"), JSON.writeValueAsString(record));

    Result encoded =
        node(
            "encode",
            kafka.schemaRegistryUrl(),
            topic + "-value",
            schema.toString(),
            recordFile.toString());
    byte[] wire = HexFormat.of().parseHex(JSON.readTree(encoded.output()).get("hex").asText());

    BudgetStatus read =
        new AvroDeserializer<>(
                HttpSchemaRegistryClient.builder(kafka.schemaRegistryUrl()).build(),
                BudgetStatus.class)
            .deserialize(topic, wire);

    assertThat(read.getSpend()).isEqualByComparingTo(spend);
    assertThat(read.getAmount()).isEqualByComparingTo("50");
    assertThat(read.getForecast()).isEqualByComparingTo("-0.5");
    assertThat(read.getPeriod()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(read.getState()).isEqualTo(BudgetState.WARN);
    assertThat(read.getPeriodStart()).isEqualTo(Instant.ofEpochMilli(1_793_491_200_000L));
  }

  @Test
  void theNodeClientReadsWhatFisoWrote(KafkaTestEnv kafka) throws Exception {
    String topic = kafka.name("fiso.budget-status");
    BudgetStatus status =
        BudgetStatus.newBuilder()
            .setScope("function:checkout")
            .setPolicyFunction("checkout")
            .setPeriod(BudgetPeriod.DAY)
            .setPeriodStart(Instant.parse("2026-11-03T00:00:00Z"))
            .setPeriodEnd(Instant.parse("2026-11-04T00:00:00Z"))
            .setAmount(new BigDecimal("10.00"))
            .setSpend(new BigDecimal("10.000000000000000000000001"))
            .setForecast(new BigDecimal("12.5"))
            .setUtilization(1.0000000000000002)
            .setState(BudgetState.BLOCK)
            .setAction(BudgetAction.BLOCK)
            .setUpdatedAt(Instant.parse("2026-11-03T18:30:00.250Z"))
            .build();
    byte[] wire =
        new AvroSerializer<BudgetStatus>(
                HttpSchemaRegistryClient.builder(kafka.schemaRegistryUrl()).build(), false, true)
            .serialize(topic, status);

    JsonNode read =
        JSON.readTree(
            node("decode", kafka.schemaRegistryUrl(), HexFormat.of().formatHex(wire)).output());

    assertThat(read.get("scope").asText()).isEqualTo("function:checkout");
    assertThat(read.get("state").asText()).isEqualTo("BLOCK");
    assertThat(read.get("updatedAt").asLong())
        .isEqualTo(Instant.parse("2026-11-03T18:30:00.250Z").toEpochMilli());
    assertThat(unscaled(read.get("spend"), 24)).isEqualByComparingTo("10.000000000000000000000001");
    assertThat(unscaled(read.get("amount"), 24)).isEqualByComparingTo("10");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static Map<String, String> bytes(byte[] value) {
    return Map.of("$bytes", Base64.getEncoder().encodeToString(value));
  }

  /** A decimal as Avro writes it: the unscaled value's big-endian two's complement, scale 24. */
  private static Map<String, String> decimal(BigDecimal value) {
    return bytes(value.setScale(24).unscaledValue().toByteArray());
  }

  private static BigDecimal unscaled(JsonNode bytes, int scale) {
    return new BigDecimal(
        new java.math.BigInteger(Base64.getDecoder().decode(bytes.get("$bytes").asText())), scale);
  }

  private record Result(int exit, String output) {}

  private static Result node(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 2];
    command[0] = "node";
    command[1] = "interop.js";
    System.arraycopy(args, 0, command, 2, args.length);
    Result result = run(workDir, 120, command);
    assertThat(result.exit())
        .as("node " + String.join(" ", args) + ":\n" + result.output())
        .isZero();
    return result;
  }

  private static Result run(Path dir, long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("fiso-js-", ".log");
    Path out = Files.createTempFile("fiso-js-", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " did not finish in "
                + timeoutSeconds
                + " s:\n"
                + Files.readString(log));
      }
      String stdout = Files.readString(out);
      return new Result(
          process.exitValue(),
          process.exitValue() == 0 ? stdout : stdout + "\n" + Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(out);
    }
  }

  /** The tool's version, or null when it cannot be run. */
  private static String version(String tool) {
    try {
      Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
          ? output.strip()
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
