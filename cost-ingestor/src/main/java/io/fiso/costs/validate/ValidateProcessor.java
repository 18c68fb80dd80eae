package io.fiso.costs.validate;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.PriceSheet;
import io.fiso.costs.CostIngestorNames;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.billing.PricingException;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each raw record of fiso.costs, validates it against the price book (the seed book plus
 * the sheets of fiso.prices, newest wins), drops duplicates by event id and re-stamps valid events
 * with their ChargePeriodStart so that every window and budget period uses the time of the call.
 * Undecodable and invalid records come out as {@link Validated.Rejected} dead letters.
 *
 * <p>Only poison records are rejected: a schema-registry outage is not the record's fault and
 * propagates to the uncaught exception handler.
 */
public final class ValidateProcessor implements Processor<byte[], byte[], String, Validated> {

  private static final Logger log = LoggerFactory.getLogger(ValidateProcessor.class);

  private final Deserializer<CostEvent> deserializer;
  private final PriceBook seed;
  private final Duration priceRefresh;
  private final Duration dedupWindow;

  private ProcessorContext<String, Validated> context;
  private TimestampedKeyValueStore<String, PriceSheet> priceStore;
  private WindowStore<String, Long> dedup;
  private PriceBook book;

  public ValidateProcessor(
      Deserializer<CostEvent> deserializer,
      PriceBook seed,
      Duration priceRefresh,
      Duration dedupWindow) {
    this.deserializer = deserializer;
    this.seed = seed;
    this.priceRefresh = priceRefresh;
    this.dedupWindow = dedupWindow;
  }

  @Override
  public void init(ProcessorContext<String, Validated> context) {
    this.context = context;
    this.priceStore = context.getStateStore(CostIngestorNames.PRICES_STORE);
    if (!dedupWindow.isZero()) {
      this.dedup = context.getStateStore(CostIngestorNames.DEDUP_STORE);
    }
    rebuildPriceBook();
    context.schedule(priceRefresh, PunctuationType.WALL_CLOCK_TIME, now -> rebuildPriceBook());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata where = context.recordMetadata().orElse(null);
    String topic = where == null ? "?" : where.topic();
    int partition = where == null ? -1 : where.partition();
    long offset = where == null ? -1 : where.offset();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);

    if (record.value() == null) {
      reject(record, key, null, new Rejection(Rejection.INVALID, "null value: not a cost event"));
      return;
    }
    CostEvent event;
    try {
      event =
          deserializer instanceof AvroDeserializer<CostEvent> avro
              ? avro.decode(topic, partition, offset, record.value())
              : deserializer.deserialize(topic, record.value());
    } catch (WireFormatException e) {
      reject(
          record,
          key,
          null,
          new Rejection(Rejection.UNDECODABLE + "/" + e.reason(), e.getMessage()));
      return;
    }
    Optional<Rejection> rejection = check(event);
    if (rejection.isPresent()) {
      reject(record, key, event.getInvocationId(), rejection.get());
      return;
    }
    long time = event.getChargePeriodStart().toEpochMilli();
    if (isDuplicate(event.getEventId(), time)) {
      log.debug(
          "Duplicate cost event {} at {}-{}@{} dropped",
          event.getEventId(),
          topic,
          partition,
          offset);
      return;
    }
    context.forward(
        new Record<String, Validated>(
            event.getInvocationId(), new Validated.Valid(event), time, record.headers()));
  }

  private Optional<Rejection> check(CostEvent event) {
    Optional<Rejection> rejection = CostEventValidator.check(event, book);
    if (rejection.isPresent() && Rejection.NO_PRICE_SHEET.equals(rejection.get().errorType())) {
      // A sheet may have arrived on fiso.prices since the book was built: look again once.
      rebuildPriceBook();
      rejection = CostEventValidator.check(event, book);
    }
    return rejection;
  }

  private boolean isDuplicate(String eventId, long time) {
    if (dedup == null) {
      return false;
    }
    long window = dedupWindow.toMillis();
    try (WindowStoreIterator<Long> seen = dedup.fetch(eventId, time - window, time + window)) {
      if (seen.hasNext()) {
        return true;
      }
    }
    dedup.put(eventId, time, time);
    return false;
  }

  private void reject(
      Record<byte[], byte[]> record, String key, String invocationId, Rejection why) {
    RecordMetadata where = context.recordMetadata().orElse(null);
    Map<String, ByteBuffer> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), h.value() == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(h.value()));
    }
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setTopic(where == null ? "?" : where.topic())
            .setPartition(where == null ? -1 : where.partition())
            .setOffset(where == null ? -1 : where.offset())
            .setTimestamp(Instant.ofEpochMilli(record.timestamp()))
            .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
            .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
            .setHeaders(headers)
            .setStage(CostIngestorNames.STAGE)
            .setErrorType(why.errorType())
            .setErrorMessage(why.message())
            .setFailedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
            .setAttempts(1)
            .setInvocationId(invocationId != null ? invocationId : key)
            .build();
    log.warn(
        "Cost record at {}-{}@{} dead-lettered ({}): {}",
        letter.getTopic(),
        letter.getPartition(),
        letter.getOffset(),
        why.errorType(),
        why.message());
    context.forward(
        new Record<String, Validated>(
            key, new Validated.Rejected(letter), record.timestamp(), record.headers()));
  }

  private void rebuildPriceBook() {
    PriceBook next = seed;
    try (KeyValueIterator<String, ValueAndTimestamp<PriceSheet>> all = priceStore.all()) {
      while (all.hasNext()) {
        KeyValue<String, ValueAndTimestamp<PriceSheet>> entry = all.next();
        if (entry.value == null || entry.value.value() == null) {
          continue;
        }
        try {
          next = next.withSheet(entry.value.value());
        } catch (PricingException e) {
          log.warn("Price sheet {} on fiso.prices ignored: {}", entry.key, e.getMessage());
        }
      }
    }
    book = next;
  }
}
