package io.fiso.router.internal;

import io.fiso.avro.DeadLetter;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.PriceBook;
import io.fiso.router.cost.PricingCostModel;
import io.fiso.router.decision.Outcome;
import io.fiso.router.decision.Router;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each record of fiso.invocations: decodes it (undecodable → DeadLetter), asks the {@link
 * Router}, and forwards the RoutedInvocation to the chosen provider's sink or the REJECTED result
 * to the results sink. Errors are values: nothing a record contains stops the router.
 */
public final class RouteProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(RouteProcessor.class);

  /** Stage name on dead letters. */
  public static final String STAGE = "router";

  /**
   * Where things are.
   *
   * @param routedSinks the sink of each provider's routed topic
   * @param rejectionsSink the sink of fiso.results
   * @param deadLetterSink the sink of fiso.deadletter
   */
  public record Wiring(
      Map<Provider, String> routedSinks,
      String rejectionsSink,
      String deadLetterSink,
      String policiesStore,
      String pricesStore,
      String statsStore,
      String budgetsStore) {}

  private final Wiring wiring;
  private final AvroDeserializer<InvocationRequest> decoder;
  private final Router router;
  private final PriceBook fallbackPrices;
  private ProcessorContext<String, SpecificRecord> context;
  private StoreRoutingState state;

  public RouteProcessor(
      Wiring wiring,
      AvroDeserializer<InvocationRequest> decoder,
      Router router,
      PriceBook fallbackPrices) {
    this.wiring = wiring;
    this.decoder = decoder;
    this.router = router;
    this.fallbackPrices = fallbackPrices;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    io.fiso.schemas.AvroTrust.install();
    this.context = context;
    KeyValueStore<String, PriceSheet> prices = context.getStateStore(wiring.pricesStore());
    this.state =
        new StoreRoutingState(
            context.getStateStore(wiring.policiesStore()),
            context.getStateStore(wiring.statsStore()),
            context.getStateStore(wiring.budgetsStore()),
            new PricingCostModel(key -> Optional.ofNullable(prices.get(key)), fallbackPrices));
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? "?" : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    String recordKey =
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());

    InvocationRequest request;
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException(
            "the value is null (a tombstone), which is not an InvocationRequest");
      }
      request = decoder.decode(topic, partition, offset, record.value());
    } catch (Exception e) {
      log.warn(
          "Dead-lettering undecodable invocation at {} partition {} offset {} (key {}): {}",
          topic,
          partition,
          offset,
          recordKey,
          e.getMessage());
      deadLetter(record, recordKey, topic, partition, offset, now, e, null);
      return;
    }

    Outcome outcome;
    try {
      outcome = router.route(request, state, now);
    } catch (Exception e) {
      log.error(
          "The router failed on invocation {} at {} partition {} offset {}; dead-lettered and"
              + " rejected",
          request.getInvocationId(),
          topic,
          partition,
          offset,
          e);
      deadLetter(record, recordKey, topic, partition, offset, now, e, request.getInvocationId());
      outcome = Router.unhandled(request, now, e);
    }

    String key = outcome.key() == null || outcome.key().isBlank() ? recordKey : outcome.key();
    if (outcome instanceof Outcome.Routed routed) {
      context.forward(
          new Record<String, SpecificRecord>(
              key, routed.invocation(), record.timestamp(), record.headers()),
          wiring.routedSinks().get(routed.provider()));
    } else if (outcome instanceof Outcome.Rejected rejected) {
      log.debug(
          "Rejected invocation {} ({}): {}",
          key,
          rejected.type(),
          rejected.result().getError().getMessage());
      context.forward(
          new Record<String, SpecificRecord>(
              key, rejected.result(), record.timestamp(), record.headers()),
          wiring.rejectionsSink());
    }
  }

  private void deadLetter(
      Record<byte[], byte[]> record,
      String recordKey,
      String topic,
      int partition,
      long offset,
      Instant now,
      Exception error,
      String invocationId) {
    Map<String, ByteBuffer> headers = new HashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), h.value() == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(h.value()));
    }
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setTopic(topic)
            .setPartition(partition)
            .setOffset(offset)
            .setTimestamp(record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()))
            .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
            .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
            .setHeaders(headers)
            .setStage(STAGE)
            .setErrorType(errorType(error))
            .setErrorMessage(String.valueOf(error.getMessage()))
            .setFailedAt(now)
            .setAttempts(1)
            .setInvocationId(invocationId)
            .build();
    context.forward(
        new Record<String, SpecificRecord>(recordKey, letter, record.timestamp(), record.headers()),
        wiring.deadLetterSink());
  }

  private static String errorType(Exception e) {
    if (e instanceof WireFormatException wire) {
      return "WireFormatException:" + wire.reason();
    }
    return e.getClass().getName();
  }
}
