package io.fiso.costs.it;

import static io.fiso.costs.testkit.CostEvents.PRICER;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.tagged;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.Architecture;
import io.fiso.avro.CostEvent;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingPolicy;
import io.fiso.costs.focus.FocusExporter;
import io.fiso.costs.replay.CostReplay;
import io.fiso.costs.replay.ReplayProgress;
import io.fiso.costs.replay.ReplaySummary;
import io.fiso.costs.report.CostReport;
import io.fiso.costs.report.Dimension;
import io.fiso.costs.report.ReportFormat;
import io.fiso.costs.report.ReportWriter;
import io.fiso.costs.testkit.CsvTable;
import io.fiso.costs.whatif.WhatIf;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.billing.Usage;
import io.fiso.schemas.policy.PolicyDocuments;
import io.fiso.schemas.registry.HttpSchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays of the cost topic on the embedded broker: report, FOCUS export and what-if. */
@FisoKafka
class CostReplayIT {

  private static final int EVENTS = 5_000;

  private static final FunctionTarget[] TARGETS = {
    target(Provider.AWS, "us-east-1", 128),
    target(Provider.AWS, "us-west-2", 1024, Architecture.ARM64),
    target(Provider.AZURE, "eastus", 512),
    target(Provider.GCP, "us-central1", 256),
  };
  private static final String[] FUNCTIONS = {"checkout", "search", "refund"};

  private static SchemaRegistryClient registry(KafkaTestEnv kafka) {
    return SchemaRegistryClients.fromConfig(
        Map.of(HttpSchemaRegistryClient.URL_CONFIG, kafka.schemaRegistryUrl()));
  }

  private static void produce(KafkaTestEnv kafka, String topic, List<CostEvent> events) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    try (KafkaProducer<String, CostEvent> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), new AvroSerializer<>(registry(kafka), false, true))) {
      for (CostEvent e : events) {
        producer.send(
            new ProducerRecord<>(
                topic, null, e.getChargePeriodEnd().toEpochMilli(), e.getInvocationId(), e));
      }
      producer.flush();
    }
  }

  private static void produceGarbage(KafkaTestEnv kafka, String topic, int n, Instant at) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                at.toEpochMilli(),
                "garbage-" + i,
                ("not a cost event " + i).getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private static CostReplay replay(KafkaTestEnv kafka) {
    return new CostReplay(
        kafka.clientProperties(),
        kafka.topics().costs().name(),
        new AvroDeserializer<>(registry(kafka), CostEvent.class),
        PriceBook.bundled());
  }

  private static String report(
      CostReplay replay, Instant from, Instant to, ReportFormat format, ReplayProgress progress) {
    CostReport.Builder b =
        CostReport.builder(from, to, Dimension.parseList("provider,function,region,label:team"));
    ReplaySummary summary = replay.replay(from, to, b, progress);
    StringWriter out = new StringWriter();
    ReportWriter.write(b.build(), summary, format, out);
    return out.toString();
  }

  @Test
  void aReplayFromATimestampIsDeterministicAndTheFocusExportReconcilesWithTheReport(
      KafkaTestEnv kafka) {
    Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
    Instant to = from.plus(Duration.ofHours(10));
    Random random = new Random(20261101);
    List<CostEvent> inRange = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      FunctionTarget t = TARGETS[random.nextInt(TARGETS.length)];
      Instant start =
          from.plusMillis((long) (random.nextDouble() * Duration.ofHours(10).toMillis() - 3000));
      start = start.isBefore(from) ? from : start;
      var b =
          priced(
              FUNCTIONS[random.nextInt(3)],
              t,
              start,
              1 + random.nextInt(2000) + random.nextInt(1000) / 1000.0);
      if (random.nextInt(4) > 0) {
        b = tagged(b, "team", random.nextBoolean() ? "payments" : "discovery");
      }
      if (random.nextInt(20) == 0) {
        b.setStatus(InvocationStatus.FUNCTION_ERROR);
      }
      inRange.add(b.build());
    }
    List<CostEvent> outside = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      outside.add(
          priced("checkout", TARGETS[0], from.minus(Duration.ofMinutes(30 + i)), 100).build());
      outside.add(priced("checkout", TARGETS[0], to.plusSeconds(60 + i), 100).build());
    }
    String topic = kafka.topics().costs().name();
    produce(kafka, topic, outside.subList(0, 20));
    produce(kafka, topic, inRange);
    produce(kafka, topic, inRange.subList(0, 3)); // redelivered: counted once
    produceGarbage(kafka, topic, 5, from.plusSeconds(10));
    produce(kafka, topic, outside.subList(20, 40));

    CostReplay replay = replay(kafka);
    AtomicLong lastRead = new AtomicLong(-1);
    List<ReplaySummary> done = new ArrayList<>();
    ReplayProgress progress =
        new ReplayProgress() {
          @Override
          public void onProgress(long read, long total) {
            assertThat(read).isLessThanOrEqualTo(total);
            lastRead.set(read);
          }

          @Override
          public void onDone(ReplaySummary summary) {
            done.add(summary);
          }
        };
    String first = report(replay, from, to, ReportFormat.JSON, progress);
    String second = report(replay, from, to, ReportFormat.JSON, ReplayProgress.none());
    assertThat(second).isEqualTo(first);
    assertThat(report(replay, from, to, ReportFormat.TABLE, ReplayProgress.none()))
        .isEqualTo(report(replay, from, to, ReportFormat.TABLE, ReplayProgress.none()));

    ReplaySummary summary = done.get(0);
    assertThat(summary.events()).isEqualTo(EVENTS);
    assertThat(summary.duplicates()).isEqualTo(3);
    assertThat(summary.undecodable()).isEqualTo(5);
    assertThat(lastRead.get()).isGreaterThanOrEqualTo(EVENTS + 3 + 5);

    BigDecimal expected =
        inRange.stream().map(CostEvent::getBilledCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    CostReport.Builder totals = CostReport.builder(from, to, Dimension.parseList("provider"));
    replay.replay(from, to, totals, ReplayProgress.none());
    CostReport byProvider = totals.build();
    assertThat(byProvider.total().cost()).isEqualByComparingTo(expected);
    assertThat(byProvider.total().count()).isEqualTo(EVENTS);

    for (FocusExporter.Rows rows : FocusExporter.Rows.values()) {
      StringWriter csv = new StringWriter();
      FocusExporter exporter = new FocusExporter(csv, rows);
      replay.replay(from, to, exporter, ReplayProgress.none());
      exporter.flush();
      CsvTable focus = CsvTable.parse(csv.toString());
      assertThat(focus.header())
          .containsAll(
              List.of(
                  "BilledCost",
                  "EffectiveCost",
                  "ListCost",
                  "ListUnitPrice",
                  "ContractedCost",
                  "ConsumedQuantity",
                  "ConsumedUnit",
                  "PricingQuantity",
                  "PricingUnit",
                  "ChargePeriodStart",
                  "ChargePeriodEnd",
                  "ChargeCategory",
                  "ChargeClass",
                  "ChargeDescription",
                  "BillingCurrency",
                  "ProviderName",
                  "PublisherName",
                  "InvoiceIssuerName",
                  "ServiceName",
                  "ServiceCategory",
                  "RegionId",
                  "RegionName",
                  "ResourceId",
                  "ResourceName",
                  "ResourceType",
                  "SkuId",
                  "SkuPriceId",
                  "Tags"));
      if (rows == FocusExporter.Rows.EVENT) {
        assertThat(focus.rows()).hasSize(EVENTS);
      }
      assertThat(focus.sum("BilledCost"))
          .as(rows.name())
          .isEqualByComparingTo(byProvider.total().cost());
      for (CostReport.Row r : byProvider.rows()) {
        String name = FocusExporter.providerName(Provider.valueOf(r.group().get(0)));
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < focus.rows().size(); i++) {
          if (focus.cell(i, "ProviderName").equals(name)) {
            sum = sum.add(new BigDecimal(focus.cell(i, "BilledCost")));
          }
        }
        assertThat(sum).as(rows + " " + name).isEqualByComparingTo(r.cost());
      }
    }
  }

  @Test
  void aReplayReadsTheOnePartitionThatHasEventsWhenTheOthersAreEmpty(KafkaTestEnv kafka) {
    Instant from = Instant.now().minus(Duration.ofHours(1));
    Instant to = Instant.now().plus(Duration.ofMinutes(1));
    CostEvent only = priced("checkout", TARGETS[0], Instant.now().minusSeconds(5), 100).build();
    produce(kafka, kafka.topics().costs().name(), List.of(only));

    CostReport.Builder totals = CostReport.builder(from, to, Dimension.parseList("provider"));
    ReplaySummary summary = replay(kafka).replay(from, to, totals, ReplayProgress.none());

    assertThat(summary.events()).isEqualTo(1);
    assertThat(totals.build().total().cost()).isEqualByComparingTo(only.getBilledCost());
  }

  @Test
  void whatIfOnAPolicyThatMovesTrafficToACheaperProviderReportsTheHandCalculatedSaving(
      KafkaTestEnv kafka, @TempDir Path dir) throws Exception {
    Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
    FunctionTarget gcp = target(Provider.GCP, "us-central1", 512);
    FunctionTarget aws = target(Provider.AWS, "us-east-1", 512);
    List<CostEvent> events = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      double ms = 20 + random.nextInt(400) + random.nextInt(10) / 10.0;
      var b = priced("checkout", gcp, from.plusSeconds(i * 10L), ms);
      if (i % 2 == 0) { // half carry the counterfactual the worker recorded
        b.setCounterfactuals(List.of(PRICER.counterfactual(Usage.of(gcp, ms), aws)));
      }
      events.add(b.build());
    }
    produce(kafka, kafka.topics().costs().name(), events);

    Path candidate = dir.resolve("candidate.yaml");
    Files.writeString(
        candidate,
        """
        function: checkout
        name: checkout-on-lambda
        strategy: PINNED
        targets:
          - provider: aws
            region: us-east-1
            target: arn:aws:lambda:us-east-1:123456789012:function:checkout
            memoryMb: 512
        """);
    List<RoutingPolicy> policies = PolicyDocuments.read(candidate);
    WhatIf whatIf = new WhatIf(policies, PRICER);
    Consumer<CostEvent> sink = whatIf.collector();
    replay(kafka).replay(from, from.plus(Duration.ofHours(1)), sink, ReplayProgress.none());

    // By hand: AWS Lambda x86 bills $0.20 per 1M requests plus $0.0000166667 per GB-second,
    // duration rounded up to 1 ms; 512 MB is 0.5 GB.
    BigDecimal current = BigDecimal.ZERO;
    BigDecimal onLambda = BigDecimal.ZERO;
    for (CostEvent e : events) {
      current = current.add(e.getBilledCost());
      BigDecimal seconds = BigDecimal.valueOf((long) Math.ceil(e.getDurationMs())).movePointLeft(3);
      onLambda =
          onLambda
              .add(new BigDecimal("0.0000002"))
              .add(
                  new BigDecimal("0.0000166667").multiply(new BigDecimal("0.5")).multiply(seconds));
    }
    WhatIf.FunctionResult checkout = whatIf.result().functions().get(0);
    assertThat(checkout.attempts()).isEqualTo(200);
    assertThat(checkout.currentCost()).isEqualByComparingTo(current);
    assertThat(checkout.candidateCost()).isEqualByComparingTo(onLambda);
    assertThat(checkout.saving()).isEqualByComparingTo(current.subtract(onLambda)).isPositive();
    assertThat(checkout.notes())
        .anyMatch(n -> n.contains("100 costs from recorded counterfactuals, 100 priced"));
  }
}
