package io.fiso.schemas.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;

/** Avro data models shared by the serdes. */
final class AvroModels {

  /** Generic records with Java types for logical types: BigDecimal, Instant, LocalDate, UUID. */
  static final GenericData GENERIC_WITH_CONVERSIONS = withConversions(new GenericData());

  private static final Map<Class<?>, SpecificData> SPECIFIC = new ConcurrentHashMap<>();

  private AvroModels() {}

  /**
   * The model that reads a generated class: its own conversions, the standard ones, and arrays as
   * {@link ArrayList}s.
   *
   * <p>Why not the class's own model: Avro reads arrays into {@code GenericData.Array}, whose
   * {@code equals} and {@code hashCode} compare elements with a model that has no logical-type
   * conversions. A record holding a list of records with decimals or timestamps (a policy's
   * targets, a cost event's lines) would then throw "Unknown datum type java.math.BigDecimal" or a
   * ClassCastException from {@code equals} after a round trip. {@code ArrayList} uses the elements'
   * own {@code equals}. Avro's fast reader always builds {@code GenericData.Array}, so this model
   * reads with the regular reader.
   */
  static SpecificData specific(Class<?> type) {
    return SPECIFIC.computeIfAbsent(
        type,
        t -> {
          SpecificData data = new ListSpecificData(t.getClassLoader());
          withConversions(data);
          for (Conversion<?> c : SpecificData.getForClass(t).getConversions()) {
            data.addLogicalTypeConversion(c);
          }
          data.setFastReaderEnabled(false);
          return data;
        });
  }

  private static <D extends GenericData> D withConversions(D data) {
    data.addLogicalTypeConversion(new Conversions.DecimalConversion());
    data.addLogicalTypeConversion(new Conversions.UUIDConversion());
    data.addLogicalTypeConversion(new TimeConversions.DateConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
    data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    return data;
  }

  private static final class ListSpecificData extends SpecificData {
    ListSpecificData(ClassLoader loader) {
      super(loader);
    }

    @Override
    public Object newArray(Object old, int size, Schema schema) {
      if (old instanceof Collection<?> reused) {
        reused.clear();
        return reused;
      }
      return new ArrayList<>(size);
    }
  }
}
