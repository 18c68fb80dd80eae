package io.fiso.router.internal;

/**
 * A RoutedInvocation as Avro bytes, assembled instead of encoded: the request's bytes as received
 * (with the labels map in the order the full encode writes it), then a remembered RoutingDecision
 * without its last field, then routedAt. {@link RoutedSerializer} puts the wire-format header in
 * front.
 */
final class PreEncodedRouted {

  private final RequestScan request;
  private final byte[] labels;
  private final byte[] decision;
  private final long routedAtMs;

  PreEncodedRouted(RequestScan request, byte[] labels, byte[] decision, long routedAtMs) {
    this.request = request;
    this.labels = labels;
    this.decision = decision;
    this.routedAtMs = routedAtMs;
  }

  /** The Avro body, after {@code header} bytes left for the caller. */
  byte[] toBytes(int header) {
    RequestScan r = request;
    int requestLength =
        labels == null
            ? r.end - r.start
            : r.end - r.start - (r.labelsEnd - r.labelsStart) + labels.length;
    long zigzag = (routedAtMs << 1) ^ (routedAtMs >> 63);
    byte[] out = new byte[header + requestLength + decision.length + varLongSize(zigzag)];
    int at = header;
    if (labels == null) {
      System.arraycopy(r.data, r.start, out, at, r.end - r.start);
      at += r.end - r.start;
    } else {
      System.arraycopy(r.data, r.start, out, at, r.labelsStart - r.start);
      at += r.labelsStart - r.start;
      System.arraycopy(labels, 0, out, at, labels.length);
      at += labels.length;
      System.arraycopy(r.data, r.labelsEnd, out, at, r.end - r.labelsEnd);
      at += r.end - r.labelsEnd;
    }
    System.arraycopy(decision, 0, out, at, decision.length);
    at += decision.length;
    while ((zigzag & ~0x7fL) != 0) {
      out[at++] = (byte) ((zigzag & 0x7f) | 0x80);
      zigzag >>>= 7;
    }
    out[at] = (byte) zigzag;
    return out;
  }

  /** Bytes of an Avro long's varint, given its zigzag form. */
  static int varLongSize(long zigzag) {
    int n = 1;
    while ((zigzag & ~0x7fL) != 0) {
      zigzag >>>= 7;
      n++;
    }
    return n;
  }
}
