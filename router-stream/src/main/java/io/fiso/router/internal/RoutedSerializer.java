package io.fiso.router.internal;

import io.fiso.avro.RoutedInvocation;
import io.fiso.schemas.serde.AvroSerializer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes fiso.routed.* values: a {@link RoutedInvocation} through the registry's {@link
 * AvroSerializer}, or a {@link PreEncodedRouted} behind the same wire-format header (magic byte and
 * the RoutedInvocation schema's id, registered or looked up by that serializer exactly as for a
 * record). Both give the same bytes for the same invocation.
 */
public final class RoutedSerializer implements Serializer<Object> {

  private static final Schema SCHEMA = RoutedInvocation.getClassSchema();

  private final AvroSerializer<RoutedInvocation> avro;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();

  public RoutedSerializer(AvroSerializer<RoutedInvocation> avro) {
    this.avro = avro;
  }

  @Override
  public byte[] serialize(String topic, Object value) {
    if (value instanceof PreEncodedRouted encoded) {
      Integer id = ids.get(topic);
      if (id == null) {
        id = avro.schemaId(topic, SCHEMA);
        ids.put(topic, id);
      }
      byte[] out = encoded.toBytes(5);
      out[0] = 0;
      out[1] = (byte) (id >>> 24);
      out[2] = (byte) (id >>> 16);
      out[3] = (byte) (id >>> 8);
      out[4] = (byte) (int) id;
      return out;
    }
    return avro.serialize(topic, (RoutedInvocation) value);
  }

  @Override
  public void close() {
    avro.close();
  }
}
