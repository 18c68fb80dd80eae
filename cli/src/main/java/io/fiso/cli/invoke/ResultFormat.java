package io.fiso.cli.invoke;

import io.fiso.avro.InvocationResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the cli prints an InvocationResult: in full ({@code invoke}) or as one line ({@code tail}).
 */
public final class ResultFormat {

  private ResultFormat() {}

  /** Every field a user looks at, one per line, then the response. */
  public static String describe(InvocationResult r) {
    StringBuilder b = new StringBuilder();
    line(b, "invocation", r.getInvocationId());
    line(b, "function", r.getFunction());
    line(b, "status", r.getStatus() + " (" + r.getStatusCode() + ")");
    if (r.getProvider() != null) {
      line(b, "provider", where(r) + "  " + nullToEmpty(r.getTarget()));
    }
    if (r.getCost() != null) {
      line(
          b,
          "cost",
          r.getCost().stripTrailingZeros().toPlainString()
              + " USD ("
              + (r.getCostEstimated()
                  ? "estimated from measured duration"
                  : "exact, provider report")
              + ")");
    }
    if (r.getDurationMs() != null) {
      line(
          b,
          "duration",
          String.format(Locale.ROOT, "%.1f ms", r.getDurationMs())
              + (r.getBilledDurationMs() == null
                  ? ""
                  : ", billed " + r.getBilledDurationMs() + " ms")
              + (r.getColdStart() ? ", cold start" : ""));
    }
    line(b, "attempts", r.getAttempts() + " " + r.getProvidersTried());
    if (r.getError() != null) {
      line(b, "error", r.getError().getType() + ": " + r.getError().getMessage());
    }
    if (r.getResponse() != null) {
      String response = text(r.getResponse());
      b.append(response).append(response.endsWith("\n") ? "" : "\n");
    }
    return b.toString();
  }

  /** One line: time, id, function, status, provider/region, cost, duration. */
  public static String oneLine(InvocationResult r) {
    return String.format(
        Locale.ROOT,
        "%s  %-36s  %-20s  %-14s  %-20s  %s  %s",
        r.getCompletedAt(),
        r.getInvocationId(),
        r.getFunction(),
        r.getStatus(),
        r.getProvider() == null ? "-" : where(r),
        r.getCost() == null ? "-" : r.getCost().stripTrailingZeros().toPlainString() + " USD",
        r.getDurationMs() == null ? "" : String.format(Locale.ROOT, "%.1f ms", r.getDurationMs()));
  }

  private static String where(InvocationResult r) {
    return r.getProvider().name().toLowerCase(Locale.ROOT) + " " + nullToEmpty(r.getRegion());
  }

  private static String text(ByteBuffer bytes) {
    ByteBuffer copy = bytes.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static void line(StringBuilder b, String name, String value) {
    b.append(String.format(Locale.ROOT, "%-11s %s%n", name, value));
  }
}
