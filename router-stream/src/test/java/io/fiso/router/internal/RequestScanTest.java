package io.fiso.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.InvocationMode;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.Provider;
import io.fiso.schemas.registry.InMemorySchemaRegistry;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The scan accepts only bodies that decoding and encoding again give back unchanged (but for the
 * labels' order), and finds the fields where they are.
 */
class RequestScanTest {

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerializer<InvocationRequest> producer =
      new AvroSerializer<>(registry, false, true);
  private final AvroDeserializer<InvocationRequest> reader =
      new AvroDeserializer<>(registry, InvocationRequest.class);

  @Example
  void theGeneratedSchemaHasTheLayoutTheScanReads() {
    assertThat(RequestScan.SUPPORTED).isTrue();
    assertThat(
            RequestScan.hasLayout(
                registry.getById(registry.register("x-value", InvocationRequest.getClassSchema()))))
        .isTrue();
  }

  @Property(tries = 500)
  void whatTheJavaEncoderWritesIsAcceptedAndItsFieldsAreFound(
      @ForAll("requests") InvocationRequest request) {
    byte[] bytes = producer.serialize("t", request);

    RequestScan scan = RequestScan.of(bytes, 5, bytes.length);

    assertThat(scan).isNotNull();
    assertThat(scan.invocationId()).isEqualTo(decoded(bytes).getInvocationId());
    assertThat(scan.invocationIdBlank()).isEqualTo(decoded(bytes).getInvocationId().isBlank());
    assertThat(scan.functionBlank()).isEqualTo(decoded(bytes).getFunction().isBlank());
    assertThat(scan.payloadLength).isEqualTo(request.getPayload().remaining());
    assertThat(scan.labelCount).isEqualTo(request.getLabels().size());
  }

  @Property(tries = 2000)
  void whatTheScanAcceptsDecodesAndEncodesBackToTheSameBytes(
      @ForAll("requests") InvocationRequest request,
      @ForAll("damage") List<int[]> damage,
      @ForAll boolean truncate)
      throws IOException {
    byte[] bytes = producer.serialize("t", request);
    for (int[] d : damage) {
      bytes[5 + Math.floorMod(d[0], bytes.length - 5)] = (byte) d[1];
    }
    if (truncate) {
      bytes = Arrays.copyOf(bytes, bytes.length - 1);
    }

    RequestScan scan = RequestScan.of(bytes, 5, bytes.length);

    if (scan != null) {
      InvocationRequest decoded = decoded(bytes);
      byte[] again = encode(decoded);
      byte[] labels = labels(decoded.getLabels());
      byte[] expected =
          concat(
              Arrays.copyOfRange(bytes, 5, scan.labelsStart),
              labels,
              Arrays.copyOfRange(bytes, scan.labelsEnd, bytes.length));
      assertThat(again).isEqualTo(expected);
    }
  }

  @Example
  void formsTheJavaEncoderNeverWritesAreLeftToTheFullPath() {
    InvocationRequest request = requestWith(Map.of(), List.of(Provider.AWS));
    byte[] bytes = producer.serialize("t", request);
    assertThat(RequestScan.of(bytes, 5, bytes.length)).isNotNull();

    // Bytes left over.
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThat(RequestScan.of(longer, 5, longer.length)).isNull();
    // The traceparent union index 1 with nothing after it: the record ends early.
    byte[] early = bytes.clone();
    early[early.length - 1] = 2;
    assertThat(RequestScan.of(early, 5, early.length)).isNull();
    // The invocation id's length 3 written in two bytes (0x86 0x00) instead of one.
    byte[] overlong =
        concat(new byte[] {(byte) 0x86, 0}, Arrays.copyOfRange(bytes, 6, bytes.length));
    assertThat(bytes[5]).isEqualTo((byte) 6);
    assertThat(RequestScan.of(overlong, 0, overlong.length)).isNull();
    assertThat(decodedBody(overlong).getInvocationId()).isEqualTo(request.getInvocationId());
  }

  @Property(tries = 3000)
  void wellFormedUtf8IsExactlyWhatDecodesAndEncodesBackUnchanged(
      @ForAll @Size(max = 8) byte[] bytes) {
    boolean roundTrips =
        Arrays.equals(
            new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes);
    assertThat(RequestScan.validUtf8(bytes, 0, bytes.length)).isEqualTo(roundTrips);
  }

  @Example
  void utf8EdgeCases() {
    assertThat(valid("€𝄞é")).isTrue();
    assertThat(RequestScan.validUtf8(new byte[] {(byte) 0xc0, (byte) 0x80}, 0, 2)).isFalse();
    assertThat(RequestScan.validUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, 0, 3))
        .isFalse();
    assertThat(
            RequestScan.validUtf8(
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4))
        .isFalse();
    assertThat(RequestScan.validUtf8(new byte[] {(byte) 0xe2, (byte) 0x82}, 0, 2)).isFalse();
  }

  // ------------------------------------------------------------------ helpers

  private static boolean valid(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return RequestScan.validUtf8(b, 0, b.length);
  }

  private InvocationRequest decoded(byte[] bytes) {
    return reader.deserialize("t", bytes);
  }

  private InvocationRequest decodedBody(byte[] body) {
    byte[] bytes = producer.serialize("t", requestWith(Map.of(), List.of()));
    return decoded(concat(Arrays.copyOf(bytes, 5), body));
  }

  private static byte[] encode(InvocationRequest request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<InvocationRequest>(
            InvocationRequest.getClassSchema(), SpecificData.getForClass(InvocationRequest.class))
        .write(request, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static byte[] labels(Map<String, String> labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeMapStart();
    encoder.setItemCount(labels.size());
    for (Map.Entry<String, String> e : labels.entrySet()) {
      encoder.startItem();
      encoder.writeString(e.getKey());
      encoder.writeString(e.getValue());
    }
    encoder.writeMapEnd();
    encoder.flush();
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static InvocationRequest requestWith(Map<String, String> labels, List<Provider> ex) {
    return new InvocationRequest(
        "abc",
        "f",
        ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)),
        "application/json",
        InvocationMode.SYNC,
        null,
        null,
        null,
        labels,
        Instant.EPOCH,
        1,
        ex,
        null);
  }

  @Provide
  Arbitrary<List<int[]>> damage() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 255))
        .as((at, value) -> new int[] {at, value})
        .list()
        .ofMaxSize(2);
  }

  @Provide
  Arbitrary<InvocationRequest> requests() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(10);
    return Combinators.combine(
            text,
            text,
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
            Arbitraries.longs().injectNull(0.5),
            Arbitraries.of(Provider.class).injectNull(0.5),
            text.injectNull(0.5),
            Arbitraries.maps(text, text).ofMaxSize(4),
            Arbitraries.of(Provider.class).list().ofMaxSize(3))
        .as(
            (id, function, payload, deadline, provider, region, labels, excluded) ->
                new InvocationRequest(
                    id,
                    function,
                    ByteBuffer.wrap(payload),
                    region == null ? "application/json" : region,
                    deadline == null ? InvocationMode.SYNC : InvocationMode.ASYNC,
                    deadline == null ? null : Instant.ofEpochMilli(deadline),
                    provider,
                    region,
                    labels,
                    Instant.ofEpochMilli(deadline == null ? -1 : deadline / 3),
                    deadline == null ? Integer.MIN_VALUE : deadline.intValue(),
                    excluded,
                    function.isEmpty() ? null : function));
  }
}
