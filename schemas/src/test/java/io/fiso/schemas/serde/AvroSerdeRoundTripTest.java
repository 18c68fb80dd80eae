package io.fiso.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.RoutedInvocation;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeRoundTripTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  static Stream<Arguments> everyRecord() {
    return Samples.all().entrySet().stream()
        .map(e -> Arguments.of(e.getKey().getSimpleName(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRecord")
  <T extends SpecificRecord> void recordSurvivesTheWireFormatUnchanged(String name, T sample) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) sample.getClass();
    String topic = "fiso.test." + name;
    byte[] bytes = new AvroSerializer<T>(registry, false, true).serialize(topic, sample);

    assertThat(bytes[0]).as("magic byte").isZero();
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(registry.getLatest(topic + "-value").id()).isEqualTo(id);
    assertThat(registry.getById(id)).isEqualTo(sample.getSchema());

    T back = new AvroDeserializer<>(registry, type).deserialize(topic, bytes);
    assertThat(back).isEqualTo(sample);
    assertThat(back).hasSameHashCodeAs(sample);
  }

  @Test
  void everyGeneratedRecordClassHasASample() throws IOException, URISyntaxException {
    Path dir =
        Path.of(InvocationRequest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/fiso/avro");
    Set<String> generated = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".class") && !f.contains("$"))
          .map(f -> "io.fiso.avro." + f.substring(0, f.length() - ".class".length()))
          .forEach(
              name -> {
                try {
                  if (SpecificRecord.class.isAssignableFrom(Class.forName(name))) {
                    generated.add(name);
                  }
                } catch (ClassNotFoundException e) {
                  throw new AssertionError(e);
                }
              });
    }
    Set<String> sampled = new TreeSet<>();
    Samples.all().keySet().forEach(c -> sampled.add(c.getName()));

    assertThat(generated).as("record classes in io.fiso.avro").isNotEmpty();
    assertThat(sampled)
        .as("add a sample to Samples.all() for every new record type")
        .isEqualTo(generated);
  }

  @Test
  void keysAndValuesUseTheirOwnSubjects() {
    InvocationRequest request = Samples.invocationRequest();
    new AvroSerializer<InvocationRequest>(registry, true, true).serialize("fiso.x", request);
    new AvroSerializer<InvocationRequest>(registry, false, true).serialize("fiso.x", request);

    assertThat(registry.getSubjects()).containsExactly("fiso.x-key", "fiso.x-value");
  }

  @Test
  void moneyWithFewerDecimalsIsPaddedToTheSchemaScaleAndKeepsItsValue() {
    BudgetStatus status = Samples.budgetStatus();
    status.setAmount(new BigDecimal("50.5"));
    byte[] bytes =
        new AvroSerializer<BudgetStatus>(registry, false, true)
            .serialize("fiso.budget-status", status);

    BudgetStatus back =
        new AvroDeserializer<>(registry, BudgetStatus.class)
            .deserialize("fiso.budget-status", bytes);

    assertThat(back.getAmount()).isEqualByComparingTo("50.5");
    assertThat(back.getAmount().scale()).isEqualTo(24);
  }

  @Test
  void moneyWithMoreDecimalsThanTheSchemaIsRefusedNamingTheTopic() {
    CostEvent event = Samples.costEvent();
    event.setBilledCost(new BigDecimal("0.0000000000000000000000001")); // scale 25 > 24

    assertThatThrownBy(
            () ->
                new AvroSerializer<CostEvent>(registry, false, true).serialize("fiso.costs", event))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fiso.costs")
        .hasMessageContaining("io.fiso.avro.CostEvent");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(new AvroSerializer<InvocationRequest>(registry, false, true).serialize("t", null))
        .isNull();
    assertThat(new AvroDeserializer<>(registry, InvocationRequest.class).deserialize("t", null))
        .isNull();
  }

  @Test
  void genericReaderSeesTheWriterSchemaWithJavaTypesForLogicalTypes() {
    RoutedInvocation routed = Samples.routedInvocation();
    byte[] bytes =
        new AvroSerializer<RoutedInvocation>(registry, false, true)
            .serialize("fiso.routed.aws", routed);

    GenericRecord back =
        new AvroDeserializer<>(registry, GenericRecord.class).deserialize("fiso.routed.aws", bytes);

    GenericRecord decision = (GenericRecord) back.get("decision");
    assertThat(decision.get("predictedCost")).isEqualTo(routed.getDecision().getPredictedCost());
    assertThat(decision.get("routedAt")).isEqualTo(routed.getDecision().getRoutedAt());
    assertThat(((GenericRecord) back.get("request")).get("invocationId").toString())
        .isEqualTo("inv-0001");
  }

  @Test
  void genericRecordsAreSerializedInTheSameWireFormat() {
    InvocationRequest request = Samples.invocationRequest();
    byte[] specificBytes =
        new AvroSerializer<InvocationRequest>(registry, false, true)
            .serialize("fiso.invocations", request);
    GenericRecord generic =
        new AvroDeserializer<>(registry, GenericRecord.class)
            .deserialize("fiso.invocations", specificBytes);

    byte[] genericBytes =
        new AvroSerializer<GenericRecord>(registry, false, true)
            .serialize("fiso.invocations", generic);

    assertThat(ByteBuffer.wrap(genericBytes, 1, 4).getInt())
        .isEqualTo(ByteBuffer.wrap(specificBytes, 1, 4).getInt());
    assertThat(
            new AvroDeserializer<>(registry, InvocationRequest.class)
                .deserialize("fiso.invocations", genericBytes))
        .isEqualTo(request);
  }
}
