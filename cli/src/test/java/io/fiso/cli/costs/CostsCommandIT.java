package io.fiso.cli.costs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Architecture;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.cli.CliRun;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.pricing.CostRecords;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.Pricer;
import io.fiso.pricing.billing.Usage;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroSerializer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fiso costs report / export / what-if} against the embedded broker. */
@FisoKafka
class CostsCommandIT {

  private static final Pricer PRICER = new Pricer(PriceBook.bundled());

  private static CostEvent event(int i, FunctionTarget t, Instant start, double ms) {
    CostEvent.Builder b =
        CostEvent.newBuilder()
            .setEventId("inv-" + i + "/1")
            .setInvocationId("inv-" + i)
            .setFunction(i % 2 == 0 ? "checkout" : "search")
            .setResourceId(t.getTarget())
            .setChargePeriodStart(start)
            .setChargePeriodEnd(start.plusMillis((long) Math.ceil(ms)))
            .setTags(Map.of("team", i % 3 == 0 ? "payments" : "discovery"))
            .setStatus(InvocationStatus.SUCCEEDED)
            .setLatencyMs(ms + 15)
            .setCounterfactuals(List.of());
    CostRecords.applyCharge(b, PRICER.price(Usage.of(t, ms)));
    return b.build();
  }

  private static FunctionTarget target(Provider p, String region, int mb) {
    return FunctionTarget.newBuilder()
        .setProvider(p)
        .setRegion(region)
        .setTarget(p + ":" + region)
        .setMemoryMb(mb)
        .setArchitecture(Architecture.X86_64)
        .build();
  }

  private static Map<String, String> env(KafkaTestEnv kafka) {
    return Map.of(
        "FISO_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "FISO_SCHEMA_REGISTRY_URL", kafka.schemaRegistryUrl(),
        "FISO_TOPIC_PREFIX", kafka.topicPrefix());
  }

  @Test
  void reportExportAndWhatIfReadTheCostTopic(KafkaTestEnv kafka, @TempDir Path dir)
      throws Exception {
    String topic = kafka.topics().costs().name();
    Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    FunctionTarget gcp = target(Provider.GCP, "us-central1", 512);
    List<CostEvent> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(event(i, gcp, from.plusSeconds(i * 10L), 40 + (i % 50) * 3.1));
    }
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    var registry =
        SchemaRegistryClients.fromConfig(
            Map.of(HttpSchemaRegistryClient.URL_CONFIG, kafka.schemaRegistryUrl()));
    try (KafkaProducer<String, CostEvent> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), new AvroSerializer<>(registry, false, true))) {
      for (CostEvent e : events) {
        producer.send(
            new ProducerRecord<>(
                topic, null, e.getChargePeriodEnd().toEpochMilli(), e.getInvocationId(), e));
      }
      producer.flush();
    }
    BigDecimal total =
        events.stream().map(CostEvent::getBilledCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    String range0 = from.toString();
    String range1 = from.plus(Duration.ofHours(2)).toString();

    CliRun first =
        CostsCli.run(
            env(kafka),
            "costs",
            "report",
            "--from",
            range0,
            "--to",
            range1,
            "--group-by",
            "function,label:team",
            "--format",
            "csv");
    CliRun second =
        CostsCli.run(
            env(kafka),
            "costs",
            "report",
            "--from",
            range0,
            "--to",
            range1,
            "--group-by",
            "function,label:team",
            "--format",
            "csv");
    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(first.out()).startsWith("function,label:team,count,errors,cost_usd");
    BigDecimal reported = BigDecimal.ZERO;
    for (String line : first.out().split("\r\n")) {
      if (!line.startsWith("function,")) {
        reported = reported.add(new BigDecimal(line.split(",")[4]));
      }
    }
    assertThat(reported).isEqualByComparingTo(total);

    Path csv = dir.resolve("costs.csv");
    CliRun export =
        CostsCli.run(
            env(kafka),
            "costs",
            "export",
            "--focus",
            "--from",
            range0,
            "--to",
            range1,
            "-o",
            csv.toString());
    assertThat(export.exitCode()).as("%s", export).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .startsWith("BilledCost,EffectiveCost,ListCost,ListUnitPrice,ContractedCost");
    assertThat(lines).hasSize(301);
    assertThat(export.err())
        .contains("wrote 300 rows")
        .contains(total.stripTrailingZeros().toPlainString());

    Path policy = dir.resolve("candidate.yaml");
    Files.writeString(
        policy,
        """
        policies:
          - function: "*"
            name: all-on-lambda
            strategy: PINNED
            targets:
              - provider: aws
                region: us-east-1
                target: arn:aws:lambda:us-east-1:123456789012:function:fiso
                memoryMb: 512
        """);
    CliRun whatIf =
        CostsCli.run(
            env(kafka),
            "costs",
            "what-if",
            "--policy",
            policy.toString(),
            "--from",
            range0,
            "--to",
            range1,
            "--format",
            "json");
    assertThat(whatIf.exitCode()).as("%s", whatIf).isZero();
    BigDecimal onLambda = BigDecimal.ZERO;
    for (CostEvent e : events) {
      BigDecimal seconds = BigDecimal.valueOf((long) Math.ceil(e.getDurationMs())).movePointLeft(3);
      onLambda =
          onLambda
              .add(new BigDecimal("0.0000002"))
              .add(
                  new BigDecimal("0.0000166667").multiply(new BigDecimal("0.5")).multiply(seconds));
    }
    assertThat(whatIf.out())
        .contains(
            "\"savingUsd\" : \""
                + total.subtract(onLambda).stripTrailingZeros().toPlainString()
                + "\"");
  }
}
