package io.fiso.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationRequest;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The serdes ask the registry once per subject and schema, and once per id. */
class SerdeRegistryCallsTest {

  private final InMemorySchemaRegistry backing = new InMemorySchemaRegistry();
  private final CountingRegistry producerSide = new CountingRegistry(backing);
  private final CountingRegistry consumerSide = new CountingRegistry(backing);

  @Test
  void manyRecordsOneRegistrationOneFetch() {
    AvroSerializer<InvocationRequest> serializer = new AvroSerializer<>(producerSide, false, true);
    AvroDeserializer<InvocationRequest> deserializer =
        new AvroDeserializer<>(consumerSide, InvocationRequest.class);

    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      InvocationRequest request = Samples.invocationRequest();
      request.setInvocationId("inv-" + i);
      written.add(serializer.serialize("fiso.invocations", request));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(deserializer.deserialize("fiso.invocations", written.get(i)).getInvocationId())
          .isEqualTo("inv-" + i);
    }

    assertThat(producerSide.calls("register")).isEqualTo(1);
    assertThat(consumerSide.calls("getById")).isEqualTo(1);
  }

  @Test
  void eachSubjectAndEachSchemaIsRegisteredOnce() {
    AvroSerializer<org.apache.avro.specific.SpecificRecord> serializer =
        new AvroSerializer<>(producerSide, false, true);
    for (int i = 0; i < 5; i++) {
      serializer.serialize("a", Samples.invocationRequest());
      serializer.serialize("b", Samples.invocationRequest());
      serializer.serialize("c", Samples.costEvent());
    }
    assertThat(producerSide.calls("register")).isEqualTo(3);
    assertThat(backing.getSubjects()).containsExactly("a-value", "b-value", "c-value");
    assertThat(backing.getVersions("a-value")).hasSize(1);
  }

  @Test
  void schemaIdIsTheIdSerializeWritesAndSharesItsRegistration() {
    AvroSerializer<InvocationRequest> serializer = new AvroSerializer<>(producerSide, false, true);
    int id = serializer.schemaId("fiso.invocations", InvocationRequest.getClassSchema());
    byte[] bytes = serializer.serialize("fiso.invocations", Samples.invocationRequest());

    assertThat(bytes[0]).isZero();
    assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(producerSide.calls("register")).isEqualTo(1);
    assertThat(backing.getSubjects()).containsExactly("fiso.invocations-value");

    AvroSerializer<CostEvent> strict = new AvroSerializer<>(producerSide, false, false);
    assertThatThrownBy(() -> strict.schemaId("fiso.costs", CostEvent.getClassSchema()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fiso.costs-value");
  }

  @Test
  void withoutAutoRegistrationTheSchemaIsOnlyLookedUpAndMustExist() {
    AvroSerializer<CostEvent> strict = new AvroSerializer<>(producerSide, false, false);
    assertThatThrownBy(() -> strict.serialize("fiso.costs", Samples.costEvent()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("auto.register.schemas=false")
        .hasMessageContaining("fiso.costs-value");
    assertThat(backing.getSubjects()).isEmpty();

    backing.register("fiso.costs-value", CostEvent.getClassSchema());
    for (int i = 0; i < 3; i++) {
      strict.serialize("fiso.costs", Samples.costEvent());
    }

    assertThat(producerSide.calls("register")).isZero();
    assertThat(producerSide.calls("lookup")).isEqualTo(2); // the failed one, then one success
  }

  @Test
  void genericDeserializerAlsoFetchesEachIdOnce() {
    byte[] bytes =
        new AvroSerializer<InvocationRequest>(producerSide, false, true)
            .serialize("t", Samples.invocationRequest());
    AvroDeserializer<GenericRecord> generic =
        new AvroDeserializer<>(consumerSide, GenericRecord.class);
    for (int i = 0; i < 10; i++) {
      generic.deserialize("t", bytes);
    }
    assertThat(consumerSide.calls("getById")).isEqualTo(1);
  }
}
