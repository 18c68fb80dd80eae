package io.fiso.schemas.serde;

import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.topic.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Factories for FISO's serdes: keys are UTF-8 strings, values Confluent-wire-format Avro. */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** The value serde of a generated record class. */
  public static <T extends SpecificRecord> Serde<T> value(
      Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
    return Serdes.serdeFrom(
        new AvroSerializer<>(registry, false, autoRegister),
        new AvroDeserializer<>(registry, type));
  }

  /** Binds a catalog topic to its serdes. */
  public static <T extends SpecificRecord> SerdeTopic<T> bind(
      TopicSpec<T> spec, SchemaRegistryClient registry, boolean autoRegister) {
    return new SerdeTopic<>(spec, Serdes.String(), value(spec.valueType(), registry, autoRegister));
  }
}
