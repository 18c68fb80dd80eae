package io.fiso.bench.harness;

import io.fiso.router.RouterConfig;
import java.util.Locale;

/** The processing guarantee a system under test runs with. */
public enum Guarantee {
  ALOS("at_least_once"),
  EOS("exactly_once_v2");

  private final String streamsValue;

  Guarantee(String streamsValue) {
    this.streamsValue = streamsValue;
  }

  /** The value of Kafka Streams' {@code processing.guarantee}. */
  public String streamsValue() {
    return streamsValue;
  }

  /** The router's setting for this guarantee. */
  public RouterConfig.ProcessingGuarantee router() {
    return this == EOS
        ? RouterConfig.ProcessingGuarantee.EXACTLY_ONCE_V2
        : RouterConfig.ProcessingGuarantee.AT_LEAST_ONCE;
  }

  /** Reads {@code alos}, {@code eos}, {@code at_least_once} or {@code exactly_once_v2}. */
  public static Guarantee parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (Guarantee g : values()) {
      if (g.name().toLowerCase(Locale.ROOT).equals(t) || g.streamsValue.equals(t)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "unknown processing guarantee '" + text + "': use alos or eos");
  }
}
