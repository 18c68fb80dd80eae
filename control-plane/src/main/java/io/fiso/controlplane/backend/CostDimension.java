package io.fiso.controlplane.backend;

import java.util.Locale;
import java.util.Objects;

/**
 * One way to group costs: {@code function}, {@code provider}, {@code region}, {@code service},
 * {@code day} or {@code hour} (UTC, ISO-8601), or {@code label:KEY} (a request label such as {@code
 * label:team}).
 *
 * @param kind what is grouped by
 * @param labelKey the label's key when kind is {@link Kind#LABEL}, otherwise null
 */
public record CostDimension(Kind kind, String labelKey) {

  /** The dimensions costs can be grouped by. */
  public enum Kind {
    FUNCTION,
    PROVIDER,
    REGION,
    SERVICE,
    DAY,
    HOUR,
    LABEL
  }

  public static final CostDimension FUNCTION = new CostDimension(Kind.FUNCTION, null);
  public static final CostDimension PROVIDER = new CostDimension(Kind.PROVIDER, null);
  public static final CostDimension REGION = new CostDimension(Kind.REGION, null);
  public static final CostDimension SERVICE = new CostDimension(Kind.SERVICE, null);
  public static final CostDimension DAY = new CostDimension(Kind.DAY, null);
  public static final CostDimension HOUR = new CostDimension(Kind.HOUR, null);

  public CostDimension {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.LABEL && (labelKey == null || labelKey.isBlank())) {
      throw new IllegalArgumentException("label grouping needs a key: label:KEY, e.g. label:team");
    }
    if (kind != Kind.LABEL) {
      labelKey = null;
    }
  }

  /** Grouping by the value of one request label. */
  public static CostDimension label(String key) {
    return new CostDimension(Kind.LABEL, key);
  }

  /** Parses one groupBy item; the message of the exception lists what is accepted. */
  public static CostDimension parse(String text) {
    String value = text.trim();
    if (value.regionMatches(true, 0, "label:", 0, 6)) {
      return label(value.substring(6).trim());
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.LABEL && kind.name().equalsIgnoreCase(value)) {
        return new CostDimension(kind, null);
      }
    }
    throw new IllegalArgumentException(
        "groupBy '"
            + text
            + "' is not a dimension: use function, provider, region, service, day, hour or"
            + " label:KEY, comma-separated");
  }

  /** The name used in the API: {@code provider}, {@code label:team}, ... */
  public String id() {
    return kind == Kind.LABEL ? "label:" + labelKey : kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
