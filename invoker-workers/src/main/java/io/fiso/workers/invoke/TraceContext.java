package io.fiso.workers.invoke;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context {@code traceparent} values (https://www.w3.org/TR/trace-context/): {@code
 * 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}.
 */
public final class TraceContext {

  /** The HTTP header and attribute name. */
  public static final String TRACEPARENT = "traceparent";

  private static final Pattern TRACEPARENT_PATTERN =
      Pattern.compile("^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$");
  private static final String INVALID_TRACE_ID = "0".repeat(32);
  private static final String INVALID_PARENT_ID = "0".repeat(16);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private TraceContext() {}

  /**
   * The traceparent for a call made on behalf of {@code callerTraceparent}: the caller's trace id
   * and flags with a new parent (span) id, or a new sampled trace when the caller sent none or an
   * invalid one.
   */
  public static String childOf(String callerTraceparent) {
    if (callerTraceparent != null) {
      var m = TRACEPARENT_PATTERN.matcher(callerTraceparent.strip());
      if (m.matches()
          && !"ff".equals(m.group(1))
          && !INVALID_TRACE_ID.equals(m.group(2))
          && !INVALID_PARENT_ID.equals(m.group(3))) {
        return "00-" + m.group(2) + "-" + newSpanId() + "-" + m.group(4);
      }
    }
    return "00-" + randomHex(16) + "-" + newSpanId() + "-01";
  }

  /** Whether {@code value} is a valid version-00 traceparent. */
  public static boolean isValid(String value) {
    if (value == null) {
      return false;
    }
    var m = TRACEPARENT_PATTERN.matcher(value);
    return m.matches()
        && !"ff".equals(m.group(1))
        && !INVALID_TRACE_ID.equals(m.group(2))
        && !INVALID_PARENT_ID.equals(m.group(3));
  }

  /** The trace id of a valid traceparent. */
  public static String traceId(String traceparent) {
    return traceparent.substring(3, 35);
  }

  private static String newSpanId() {
    String id;
    do {
      id = randomHex(8);
    } while (INVALID_PARENT_ID.equals(id));
    return id;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}
