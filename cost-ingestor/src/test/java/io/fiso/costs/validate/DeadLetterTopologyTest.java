package io.fiso.costs.validate;

import static io.fiso.costs.testkit.CostEvents.costing;
import static io.fiso.costs.testkit.CostEvents.event;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.costs.CostIngestorNames;
import io.fiso.costs.rollup.CostRollupQueries;
import io.fiso.costs.testkit.IngestorDriver;
import io.fiso.pricing.PriceBook;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private final IngestorDriver ingestor = new IngestorDriver(IngestorDriver.everyEventConfig(), T0);

  @AfterEach
  void close() {
    ingestor.close();
  }

  @Test
  void undecodableBytesAreDeadLetteredWholeWithTheirCoordinates() {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    ingestor.rawCosts.pipeInput(new TestRecord<>("inv-x", garbage, T0));

    DeadLetter letter = ingestor.deadLetters.readValue();
    assertThat(letter.getErrorType()).isEqualTo("UNDECODABLE/WRONG_MAGIC_BYTE");
    assertThat(letter.getTopic()).isEqualTo("fiso.costs");
    assertThat(letter.getOffset()).isZero();
    assertThat(letter.getStage()).isEqualTo(CostIngestorNames.STAGE);
    assertThat(letter.getValue().array()).isEqualTo(garbage);
    assertThat(letter.getInvocationId()).isEqualTo("inv-x");
    assertThat(ingestor.stats.isEmpty()).isTrue();
  }

  @Test
  void anEventInARegionNoPriceSheetCoversIsDeadLetteredAndNotCountedAsZero() {
    CostEvent unknown =
        priced("checkout", target(Provider.AWS, "us-east-1", 128), T0, 100)
            .setRegionId("mars-north-1")
            .build();
    ingestor.send(unknown);

    DeadLetter letter = ingestor.deadLetters.readValue();
    assertThat(letter.getErrorType()).isEqualTo(Rejection.NO_PRICE_SHEET);
    assertThat(letter.getErrorMessage()).contains("AWS/mars-north-1/X86_64");
    assertThat(letter.getInvocationId()).isEqualTo(unknown.getInvocationId());
    assertThat(ingestor.stats.isEmpty()).isTrue();
    assertThat(ingestor.rollups().totals(T0, T0.plusSeconds(3600), "")).isEmpty();
  }

  @Test
  void aSheetPublishedOnFisoPricesMakesTheRegionKnown() {
    PriceSheet template =
        PriceBook.bundled().sheetFor(Provider.AWS, "us-east-1", io.fiso.avro.Architecture.X86_64);
    PriceSheet mars = PriceSheet.newBuilder(template).setRegion("mars-north-1").build();
    ingestor.prices.pipeInput("AWS/mars-north-1/X86_64", mars);

    ingestor.send(
        priced("checkout", target(Provider.AWS, "us-east-1", 128), T0, 100)
            .setRegionId("mars-north-1")
            .build());

    assertThat(ingestor.deadLetters.isEmpty()).isTrue();
    assertThat(ingestor.stats.readKeyValue().key).isEqualTo("checkout/AWS/mars-north-1");
  }

  @Test
  void negativeAndInconsistentCostsAreDeadLetteredWithTheReason() {
    ingestor.send(costing(event("checkout", T0), "-0.01").build());
    CostEvent badSum = event("checkout", T0).setListCost(new BigDecimal("1").setScale(24)).build();
    ingestor.send(badSum);

    List<DeadLetter> letters = ingestor.deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getErrorType).containsOnly(Rejection.INVALID);
    assertThat(letters.get(0).getErrorMessage()).contains("billedCost is negative: -0.01");
    assertThat(letters.get(1).getErrorMessage()).contains("is not the sum of its lines' cost");
    assertThat(ingestor.stats.isEmpty()).isTrue();
  }

  @Test
  void aDuplicateEventIsCountedOnce() {
    CostEvent e = costing(event("checkout", T0.plusSeconds(5)), "0.50").build();
    ingestor.send(e);
    ingestor.send(e);

    CostRollupQueries.GroupTotal total =
        ingestor.rollups().totals(T0, T0.plusSeconds(3600), "").get(0);
    assertThat(total.count()).isEqualTo(1);
    assertThat(total.cost()).isEqualByComparingTo("0.50");
    assertThat(ingestor.deadLetters.isEmpty()).isTrue();
  }
}
