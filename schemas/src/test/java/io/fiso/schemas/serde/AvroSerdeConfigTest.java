package io.fiso.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationRequest;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serdes as Kafka creates them from configuration, with Confluent's setting names. */
class AvroSerdeConfigTest {

  private final String scope = "config-test-" + UUID.randomUUID();
  private final String url = "mock://" + scope;

  @AfterEach
  void dropScope() {
    InMemorySchemaRegistry.dropScope(scope);
  }

  @SuppressWarnings("unchecked")
  private <T> Serializer<T> serializer(Map<String, Object> config, boolean isKey) {
    Serializer<T> s = Utils.newInstance(AvroSerializer.class);
    s.configure(config, isKey);
    return s;
  }

  @SuppressWarnings("unchecked")
  private <T> Deserializer<T> deserializer(Map<String, Object> config, boolean isKey) {
    Deserializer<T> d = Utils.newInstance(AvroDeserializer.class);
    d.configure(config, isKey);
    return d;
  }

  private Map<String, Object> config(Object... keyValues) {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", url);
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put((String) keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  @Test
  void specificAvroReaderReadsIntoTheClassTheWriterSchemaNames() {
    byte[] bytes =
        this.<InvocationRequest>serializer(config(), false)
            .serialize("fiso.invocations", Samples.invocationRequest());

    Object read =
        deserializer(config("specific.avro.reader", "true"), false)
            .deserialize("fiso.invocations", bytes);

    assertThat(read).isEqualTo(Samples.invocationRequest());
    assertThat(InMemorySchemaRegistry.scope(scope).getSubjects())
        .containsExactly("fiso.invocations-value");
  }

  @Test
  void readerClassSettingPicksTheClass() {
    byte[] bytes =
        this.<CostEvent>serializer(config(), false).serialize("fiso.costs", Samples.costEvent());

    Object byName =
        deserializer(config("fiso.avro.reader.class", CostEvent.class.getName()), false)
            .deserialize("fiso.costs", bytes);
    Object byClass =
        deserializer(config("fiso.avro.reader.class", CostEvent.class), false)
            .deserialize("fiso.costs", bytes);
    Object confluentValueType =
        deserializer(config("specific.avro.value.type", CostEvent.class.getName()), false)
            .deserialize("fiso.costs", bytes);

    assertThat(byName).isEqualTo(Samples.costEvent());
    assertThat(byClass).isEqualTo(Samples.costEvent());
    assertThat(confluentValueType).isEqualTo(Samples.costEvent());
  }

  @Test
  void withoutAReaderSettingRecordsAreGeneric() {
    byte[] bytes =
        this.<CostEvent>serializer(config(), false).serialize("fiso.costs", Samples.costEvent());

    Object read = deserializer(config(), false).deserialize("fiso.costs", bytes);

    assertThat(read).isInstanceOf(GenericRecord.class);
    assertThat(((GenericRecord) read).get("billedCost"))
        .isEqualTo(Samples.costEvent().getBilledCost());
  }

  @Test
  void keySerializerUsesTheKeySubject() {
    this.<InvocationRequest>serializer(config(), true)
        .serialize("fiso.invocations", Samples.invocationRequest());

    assertThat(InMemorySchemaRegistry.scope(scope).getSubjects())
        .containsExactly("fiso.invocations-key");
  }

  @Test
  void autoRegistrationCanBeTurnedOff() {
    Serializer<CostEvent> strict = serializer(config("auto.register.schemas", "false"), false);

    assertThatThrownBy(() -> strict.serialize("fiso.costs", Samples.costEvent()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("auto.register.schemas=false");

    InMemorySchemaRegistry.scope(scope).register("fiso.costs-value", CostEvent.getClassSchema());
    assertThat(strict.serialize("fiso.costs", Samples.costEvent())).isNotEmpty();
  }

  @Test
  void recordNameStrategyNamesTheSubjectAfterTheRecord() {
    this.<CostEvent>serializer(
            config(
                "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
            false)
        .serialize("fiso.costs", Samples.costEvent());

    assertThat(InMemorySchemaRegistry.scope(scope).getSubjects())
        .containsExactly("io.fiso.avro.CostEvent");
  }

  @Test
  void missingRegistryUrlNamesTheSetting() {
    assertThatThrownBy(() -> serializer(new HashMap<>(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void aReaderClassThatIsNotAGeneratedRecordIsRefused() {
    assertThatThrownBy(
            () -> deserializer(config("fiso.avro.reader.class", "java.lang.String"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fiso.avro.reader.class");
    assertThatThrownBy(
            () ->
                deserializer(config("fiso.avro.reader.class", "io.fiso.avro.NoSuchRecord"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("io.fiso.avro.NoSuchRecord");
  }

  @Test
  void anUnknownSubjectStrategyIsRefused() {
    assertThatThrownBy(
            () -> serializer(config("value.subject.name.strategy", "com.acme.MyStrategy"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("value.subject.name.strategy");
  }

  @Test
  void aSerializerUsedBeforeConfigurationSaysWhatIsMissing() {
    assertThatThrownBy(
            () -> new AvroSerializer<CostEvent>().serialize("fiso.costs", Samples.costEvent()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
