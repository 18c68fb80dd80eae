package io.fiso.workers.invoke;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code REPORT} line Lambda writes at the end of every invocation's log, returned
 * base64-encoded in {@code X-Amz-Log-Result} when the call asks for {@code LogType=Tail}:
 *
 * <pre>
 * REPORT RequestId: 3604209a-... Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 128 MB
 *   Max Memory Used: 71 MB  Init Duration: 254.10 ms
 * </pre>
 *
 * (fields separated by tabs). {@code Init Duration} appears only on a cold start.
 */
public final class LambdaReport {

  private static final Pattern DURATION = field("Duration", "([0-9]+(?:\\.[0-9]+)?) ms");
  private static final Pattern BILLED = field("Billed Duration", "([0-9]+) ms");
  private static final Pattern MEMORY = field("Memory Size", "([0-9]+) MB");
  private static final Pattern MAX_MEMORY = field("Max Memory Used", "([0-9]+) MB");
  private static final Pattern INIT = field("Init Duration", "([0-9]+(?:\\.[0-9]+)?) ms");

  private LambdaReport() {}

  private static Pattern field(String name, String value) {
    // Each field starts the line's text or follows a tab; "Duration" must not match inside
    // "Billed Duration" or "Init Duration".
    return Pattern.compile("(?:^|\\t|\\s{2})" + Pattern.quote(name) + ":\\s*" + value);
  }

  /** The metering of the last REPORT line in a base64 log tail, if there is one. */
  public static Optional<Metering> fromLogResult(String base64LogTail) {
    if (base64LogTail == null || base64LogTail.isBlank()) {
      return Optional.empty();
    }
    String log;
    try {
      log = new String(Base64.getDecoder().decode(base64LogTail.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    return fromLog(log);
  }

  /** The metering of the last REPORT line in a log, if there is one. */
  public static Optional<Metering> fromLog(String log) {
    int at = log.lastIndexOf("REPORT RequestId:");
    if (at < 0) {
      return Optional.empty();
    }
    int end = log.indexOf('\n', at);
    String line = end < 0 ? log.substring(at) : log.substring(at, end);
    Double duration = decimal(DURATION, line);
    Long billed = integer(BILLED, line);
    if (duration == null || billed == null) {
      return Optional.empty();
    }
    Long memory = integer(MEMORY, line);
    Long maxMemory = integer(MAX_MEMORY, line);
    return Optional.of(
        new Metering(
            duration,
            billed,
            memory == null ? null : Math.toIntExact(memory),
            maxMemory == null ? null : Math.toIntExact(maxMemory),
            decimal(INIT, line)));
  }

  private static Double decimal(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? Double.valueOf(m.group(1)) : null;
  }

  private static Long integer(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? Long.valueOf(m.group(1)) : null;
  }
}
