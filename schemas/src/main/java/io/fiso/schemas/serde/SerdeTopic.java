package io.fiso.schemas.serde;

import io.fiso.schemas.topic.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** A topic bound to its key and value serdes: what builders of producers and topologies take. */
public record SerdeTopic<V extends SpecificRecord>(
    TopicSpec<V> spec, Serde<String> keySerde, Serde<V> valueSerde) {

  public String name() {
    return spec.name();
  }
}
