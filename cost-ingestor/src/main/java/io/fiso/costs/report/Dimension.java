package io.fiso.costs.report;

import io.fiso.avro.CostEvent;
import io.fiso.costs.rollup.RollupCell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One column a cost report groups by: {@code provider}, {@code function}, {@code region}, {@code
 * service}, {@code status}, {@code day}, {@code hour} or {@code label:KEY}.
 */
public record Dimension(String name, String labelKey) {

  /** Value shown for an event without the label. */
  public static final String NO_LABEL = "(none)";

  private static final Set<String> PLAIN =
      Set.of("provider", "function", "region", "service", "status", "day", "hour");

  /**
   * Parses {@code provider,function,region,label:team}.
   *
   * @throws IllegalArgumentException naming the unknown dimension and the accepted ones
   */
  public static List<Dimension> parseList(String spec) {
    if (spec == null || spec.isBlank()) {
      return List.of();
    }
    Set<Dimension> out = new LinkedHashSet<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String lower = p.toLowerCase(Locale.ROOT);
      if (PLAIN.contains(lower)) {
        out.add(new Dimension(lower, null));
      } else if (lower.startsWith("label:") && p.length() > "label:".length()) {
        out.add(new Dimension("label", p.substring("label:".length())));
      } else {
        throw new IllegalArgumentException(
            "cannot group by '"
                + p
                + "': use provider, function, region, service, status, day, hour or label:KEY"
                + " (e.g. label:team)");
      }
    }
    return new ArrayList<>(out);
  }

  /** The column header: provider, function, ..., label:team. */
  public String header() {
    return labelKey == null ? name : "label:" + labelKey;
  }

  /** This dimension's value for {@code e}. */
  public String valueOf(CostEvent e) {
    return switch (name) {
      case "provider" -> e.getProvider().name();
      case "function" -> e.getFunction();
      case "region" -> e.getRegionId();
      case "service" -> e.getServiceName();
      case "status" -> e.getStatus().name();
      case "day" -> day(e.getChargePeriodStart());
      case "hour" -> hour(e.getChargePeriodStart());
      default -> label(e.getTags() == null ? null : e.getTags().get(labelKey));
    };
  }

  /**
   * This dimension's value for a rollup cell of the window starting at {@code windowStart}.
   *
   * @throws IllegalArgumentException for {@code status}, which the rollups do not keep
   */
  public String valueOf(RollupCell cell, Instant windowStart) {
    return switch (name) {
      case "provider" -> cell.provider();
      case "function" -> cell.function();
      case "region" -> cell.region();
      case "service" -> cell.service();
      case "day" -> day(windowStart);
      case "hour" -> hour(windowStart);
      case "status" ->
          throw new IllegalArgumentException(
              "the rollups do not keep the status: group by provider, function, region, service, day,"
                  + " hour or label:KEY (or use fiso costs report)");
      default -> label(cell.labels().get(labelKey));
    };
  }

  private static String day(Instant t) {
    return t.toString().substring(0, 10);
  }

  private static String hour(Instant t) {
    return t.toString().substring(0, 13) + ":00Z";
  }

  private static String label(String v) {
    return v == null ? NO_LABEL : v;
  }
}
