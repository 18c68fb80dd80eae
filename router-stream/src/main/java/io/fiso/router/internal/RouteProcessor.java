package io.fiso.router.internal;

import io.fiso.avro.DeadLetter;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.pricing.PriceBook;
import io.fiso.router.cost.PricingCostModel;
import io.fiso.router.decision.Outcome;
import io.fiso.router.decision.Router;
import io.fiso.router.strategy.Strategies;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
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
 *
 * <p>The fast path. When a record is written with the InvocationRequest schema the router itself
 * writes (see {@link RequestScan}) and the same function, hints, labels and excluded providers were
 * routed before under the same global state ({@link DecisionCache}), the record is not decoded and
 * the decision is not recomputed: the routed record is assembled from the request's bytes as
 * received and the remembered decision's bytes ({@link PreEncodedRouted}), which are the bytes the
 * full path writes. Everything else (the first record of each kind, any change to the stores, other
 * schema versions, WEIGHTED policies, rejections, undecodable records) takes the full path.
 */
public final class RouteProcessor implements Processor<byte[], byte[], String, Object> {

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

  /**
   * What the fast path shares across the router's tasks.
   *
   * @param registry resolves the writer schema ids of incoming records
   * @param version moves on whenever a global store changes
   * @param decisions the remembered decisions
   */
  public record FastPath(
      SchemaRegistryClient registry, StateVersion version, DecisionCache decisions) {}

  private final Wiring wiring;
  private final AvroDeserializer<InvocationRequest> decoder;
  private final Router router;
  private final PriceBook fallbackPrices;
  private final FastPath fast;
  private final Map<Integer, Boolean> fastSchemaIds = new HashMap<>();
  private final SpecificDatumWriter<RoutedInvocation> routedWriter =
      new SpecificDatumWriter<>(
          RoutedInvocation.getClassSchema(), SpecificData.getForClass(RoutedInvocation.class));
  private ProcessorContext<String, Object> context;
  private StoreRoutingState state;

  public RouteProcessor(
      Wiring wiring,
      AvroDeserializer<InvocationRequest> decoder,
      Router router,
      PriceBook fallbackPrices,
      FastPath fast) {
    this.wiring = wiring;
    this.decoder = decoder;
    this.router = router;
    this.fallbackPrices = fallbackPrices;
    this.fast = fast;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
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
    long nowMs = context.currentSystemTimeMs();
    RequestScan scan = fast == null ? null : scan(record.value());
    DecisionCache.Key decisionKey = null;
    long version = 0;
    if (scan != null
        && !scan.invocationIdBlank()
        && !scan.functionBlank()
        && scan.payloadLength <= router.settings().maxPayloadBytes()) {
      version = fast.version().current();
      decisionKey = DecisionCache.key(scan);
      DecisionCache.Entry known = fast.decisions().get(decisionKey);
      if (known != null && known.current(version, nowMs)) {
        if (known.reusable()) {
          fast.decisions().reused();
          context.forward(
              new Record<String, Object>(
                  scan.invocationId(),
                  new PreEncodedRouted(scan, known.labels(), known.decision(), nowMs),
                  record.timestamp(),
                  record.headers()),
              wiring.routedSinks().get(known.provider()));
          return;
        }
        decisionKey = null; // known to be decided per invocation under this state
      }
    }

    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? "?" : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    String recordKey =
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    Instant now = Instant.ofEpochMilli(nowMs);

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

    // read before the stores, like the global version
    StateVersion.FunctionVersion stats =
        decisionKey == null ? null : fast.version().function(request.getFunction());
    long statsVersion = stats == null ? 0 : stats.current();
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
          new Record<String, Object>(
              key, routed.invocation(), record.timestamp(), record.headers()),
          wiring.routedSinks().get(routed.provider()));
      if (decisionKey != null) {
        fast.decisions()
            .put(decisionKey, remember(scan, routed, version, stats, statsVersion, nowMs));
      }
    } else if (outcome instanceof Outcome.Rejected rejected) {
      log.debug(
          "Rejected invocation {} ({}): {}",
          key,
          rejected.type(),
          rejected.result().getError().getMessage());
      context.forward(
          new Record<String, Object>(key, rejected.result(), record.timestamp(), record.headers()),
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
        new Record<String, Object>(recordKey, letter, record.timestamp(), record.headers()),
        wiring.deadLetterSink());
  }

  /**
   * The scan of a record written with the router's own InvocationRequest schema; null for any other
   * schema, bytes not in wire format, or a body the fast path does not copy unchanged.
   */
  private RequestScan scan(byte[] value) {
    if (value == null || value.length < 5 || value[0] != 0) {
      return null;
    }
    int id =
        ((value[1] & 0xff) << 24)
            | ((value[2] & 0xff) << 16)
            | ((value[3] & 0xff) << 8)
            | (value[4] & 0xff);
    Boolean same = fastSchemaIds.get(id);
    if (same == null) {
      try {
        same = RequestScan.SUPPORTED && RequestScan.hasLayout(fast.registry().getById(id));
      } catch (RuntimeException e) {
        return null; // the full path reports it
      }
      fastSchemaIds.put(id, same);
    }
    return same ? RequestScan.of(value, 5, value.length) : null;
  }

  /**
   * What to remember of a decision the full path just made for a scanned request: the bytes of its
   * decision without routedAt, and the labels as the full encode orders them. The full encode of
   * this very invocation must equal the assembled bytes, or the decision is not reused.
   */
  private DecisionCache.Entry remember(
      RequestScan scan,
      Outcome.Routed routed,
      long version,
      StateVersion.FunctionVersion stats,
      long statsVersion,
      long nowMs) {
    RoutedInvocation invocation = routed.invocation();
    if (Strategies.of(invocation.getDecision().getStrategy()).usesInvocationId()) {
      return DecisionCache.Entry.notReusable(version, stats, statsVersion, nowMs);
    }
    try {
      byte[] full = encode(invocation);
      byte[] labels = encodeLabels(invocation.getRequest().getLabels());
      if (Arrays.equals(labels, 0, labels.length, scan.data, scan.labelsStart, scan.labelsEnd)) {
        labels = null;
      }
      int requestLength =
          labels == null
              ? scan.end - scan.start
              : scan.end - scan.start - (scan.labelsEnd - scan.labelsStart) + labels.length;
      long routedAt = invocation.getDecision().getRoutedAt().toEpochMilli();
      int tail = PreEncodedRouted.varLongSize((routedAt << 1) ^ (routedAt >> 63));
      if (routedAt == nowMs && full.length >= requestLength + tail) {
        byte[] decision = Arrays.copyOfRange(full, requestLength, full.length - tail);
        DecisionCache.Entry entry =
            new DecisionCache.Entry(
                version, stats, statsVersion, nowMs, routed.provider(), decision, labels);
        if (Arrays.equals(new PreEncodedRouted(scan, labels, decision, nowMs).toBytes(0), full)) {
          return entry;
        }
      }
      log.warn(
          "Not reusing the decision for function {}: the assembled record differs from the"
              + " encoded one",
          invocation.getRequest().getFunction());
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Not reusing the decision for function {}: {}",
          invocation.getRequest().getFunction(),
          e.toString());
    }
    return DecisionCache.Entry.notReusable(version, stats, statsVersion, nowMs);
  }

  /** The Avro body the routed topics' serializer writes for {@code invocation}. */
  private byte[] encode(RoutedInvocation invocation) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    routedWriter.write(invocation, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** A labels map as Avro's writer writes a map of strings, in the map's own order. */
  private static byte[] encodeLabels(Map<String, String> labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeMapStart();
    encoder.setItemCount(labels == null ? 0 : labels.size());
    if (labels != null) {
      for (Map.Entry<String, String> e : labels.entrySet()) {
        encoder.startItem();
        encoder.writeString(e.getKey());
        encoder.writeString(e.getValue());
      }
    }
    encoder.writeMapEnd();
    encoder.flush();
    return out.toByteArray();
  }

  private static String errorType(Exception e) {
    if (e instanceof WireFormatException wire) {
      return "WireFormatException:" + wire.reason();
    }
    return e.getClass().getName();
  }
}
