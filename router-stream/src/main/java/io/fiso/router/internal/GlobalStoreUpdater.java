package io.fiso.router.internal;

import io.fiso.schemas.serde.AvroDeserializer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one global store in step with a compacted topic (policies, prices, provider statistics,
 * budget status). Values arrive as bytes and are decoded here, so a record that cannot be decoded
 * or used is logged with its coordinates and skipped instead of stopping the router's global thread
 * (a global processor has no output to dead-letter to). It also runs when the store is restored at
 * start-up, so the same rules apply then.
 */
final class GlobalStoreUpdater<V extends SpecificRecord>
    implements Processor<String, byte[], Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(GlobalStoreUpdater.class);

  /** Decides what to store for one record; returning null skips it. */
  interface Rules<V> {
    /** The store key of a value that arrived under {@code recordKey}. */
    String keyOf(String recordKey, V value);

    /** The store key a tombstone with this record key deletes. */
    String tombstoneKey(String recordKey);

    /** Why the value cannot be used, or null. */
    String problem(V value);

    /** Whether {@code incoming} replaces {@code current}. */
    boolean supersedes(V incoming, V current);
  }

  private final String storeName;
  private final AvroDeserializer<V> decoder;
  private final Rules<V> rules;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, V> store;

  GlobalStoreUpdater(String storeName, AvroDeserializer<V> decoder, Rules<V> rules) {
    this.storeName = storeName;
    this.decoder = decoder;
    this.rules = rules;
  }

  static <V> Rules<V> rules(
      BiFunction<String, V, String> keyOf,
      Function<String, String> tombstoneKey,
      Function<V, String> problem,
      BiPredicate<V, V> supersedes) {
    return new Rules<>() {
      @Override
      public String keyOf(String recordKey, V value) {
        return keyOf.apply(recordKey, value);
      }

      @Override
      public String tombstoneKey(String recordKey) {
        return tombstoneKey.apply(recordKey);
      }

      @Override
      public String problem(V value) {
        return problem.apply(value);
      }

      @Override
      public boolean supersedes(V incoming, V current) {
        return supersedes.test(incoming, current);
      }
    };
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    io.fiso.schemas.AvroTrust.install();
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? "?" : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    if (record.key() == null) {
      log.warn(
          "Skipping a record without key on {} partition {} offset {}: the key names what it is"
              + " for",
          topic,
          partition,
          offset);
      return;
    }
    if (record.value() == null) {
      store.delete(rules.tombstoneKey(record.key()));
      log.info("{}: {} deleted (tombstone at offset {})", topic, record.key(), offset);
      return;
    }
    V value;
    try {
      value = decoder.decode(topic, partition, offset, record.value());
    } catch (Exception e) {
      log.warn(
          "Skipping an undecodable record on {} partition {} offset {} (key {})",
          topic,
          partition,
          offset,
          record.key(),
          e);
      return;
    }
    try {
      String problem = rules.problem(value);
      if (problem != null) {
        log.warn(
            "Skipping record {} on {} partition {} offset {}: {}",
            record.key(),
            topic,
            partition,
            offset,
            problem);
        return;
      }
      String key = rules.keyOf(record.key(), value);
      V current = store.get(key);
      if (current != null && !rules.supersedes(value, current)) {
        log.info(
            "{}: {} at offset {} is older than the one held; kept the held one",
            topic,
            key,
            offset);
        return;
      }
      store.put(key, value);
      log.debug("{}: {} updated from offset {}", topic, key, offset);
    } catch (Exception e) {
      log.warn(
          "Skipping record {} on {} partition {} offset {}: it cannot be used",
          record.key(),
          topic,
          partition,
          offset,
          e);
    }
  }
}
