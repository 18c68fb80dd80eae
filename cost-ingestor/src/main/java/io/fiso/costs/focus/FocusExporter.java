package io.fiso.costs.focus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.CostEvent;
import io.fiso.avro.CostLine;
import io.fiso.avro.Provider;
import io.fiso.costs.report.Csv;
import io.fiso.costs.report.Decimals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes cost events as FOCUS 1.x CSV: the released column names, one row per cost event (or one
 * per cost line), decimals as exact plain decimals.
 *
 * <p><b>One row per event</b> ({@link Rows#EVENT}, the default): BilledCost, EffectiveCost,
 * ListCost and ContractedCost are the event's; ListUnitPrice, PricingQuantity, PricingUnit,
 * ConsumedQuantity, ConsumedUnit and SkuPriceId come from its dominant line, the compute line (the
 * costliest line that is not Requests: GB-Seconds on AWS and Azure, vCPU-Seconds on Google). The
 * request charge is in the row's costs but not in its unit price, so in this mode ListCost is not
 * ListUnitPrice × PricingQuantity.
 *
 * <p><b>One row per line</b> ({@link Rows#LINE}): each priced quantity is a row, ListCost =
 * ListUnitPrice × PricingQuantity holds exactly, and BilledCost, EffectiveCost and ContractedCost
 * are split across the lines in proportion to their list cost (rounded half-even to 24 decimals,
 * the remainder on the last line), so every column's sum equals the per-event export's.
 *
 * <p>ChargePeriodStart/End are written as FOCUS date-times ({@code YYYY-MM-DDTHH:mm:ssZ}, UTC): the
 * start rounded down and the end up to the second, so the period contains the call; the exact run
 * time is in {@code x_DurationMs}. Columns prefixed {@code x_} are FISO's (FOCUS custom columns).
 */
public final class FocusExporter implements Consumer<CostEvent> {

  /** Rows per cost event or per cost line. */
  public enum Rows {
    EVENT,
    LINE
  }

  /** The FOCUS 1.x columns written, in order. */
  public static final List<String> FOCUS_COLUMNS =
      List.of(
          "BilledCost",
          "EffectiveCost",
          "ListCost",
          "ListUnitPrice",
          "ContractedCost",
          "ConsumedQuantity",
          "ConsumedUnit",
          "PricingQuantity",
          "PricingUnit",
          "ChargePeriodStart",
          "ChargePeriodEnd",
          "ChargeCategory",
          "ChargeClass",
          "ChargeDescription",
          "BillingCurrency",
          "ProviderName",
          "PublisherName",
          "InvoiceIssuerName",
          "ServiceName",
          "ServiceCategory",
          "RegionId",
          "RegionName",
          "ResourceId",
          "ResourceName",
          "ResourceType",
          "SkuId",
          "SkuPriceId",
          "Tags");

  /** FISO's own columns after the FOCUS ones. */
  public static final List<String> FISO_COLUMNS =
      List.of(
          "x_InvocationId",
          "x_EventId",
          "x_Attempt",
          "x_Status",
          "x_DurationMs",
          "x_BilledDurationMs",
          "x_MemoryMb",
          "x_Architecture",
          "x_ColdStart",
          "x_Estimated",
          "x_PriceSheetVersion");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUESTS = "Requests";

  private final Writer out;
  private final Rows rows;
  private long rowCount;
  private long eventCount;
  private BigDecimal billedTotal = BigDecimal.ZERO;

  /** Writes the header line at once. */
  public FocusExporter(Writer out, Rows rows) {
    this.out = out;
    this.rows = rows;
    List<String> header = new ArrayList<>(FOCUS_COLUMNS);
    header.addAll(FISO_COLUMNS);
    write(header);
    rowCount = 0;
  }

  @Override
  public void accept(CostEvent e) {
    eventCount++;
    billedTotal = billedTotal.add(e.getBilledCost());
    List<CostLine> lines = e.getLines() == null ? List.of() : e.getLines();
    if (rows == Rows.EVENT || lines.isEmpty()) {
      CostLine main = dominant(lines);
      write(
          row(
              e,
              e.getBilledCost(),
              e.getEffectiveCost(),
              e.getListCost(),
              contracted(e),
              main,
              e.getChargeDescription()));
      return;
    }
    BigDecimal[] billed = split(e.getBilledCost(), lines, e.getListCost());
    BigDecimal[] effective = split(e.getEffectiveCost(), lines, e.getListCost());
    BigDecimal[] contracted = split(contracted(e), lines, e.getListCost());
    for (int i = 0; i < lines.size(); i++) {
      CostLine l = lines.get(i);
      write(row(e, billed[i], effective[i], l.getCost(), contracted[i], l, l.getDescription()));
    }
  }

  /** Data rows written so far. */
  public long rows() {
    return rowCount;
  }

  public long events() {
    return eventCount;
  }

  /** Sum of BilledCost over the events written. */
  public BigDecimal billedTotal() {
    return billedTotal;
  }

  public void flush() {
    try {
      out.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static BigDecimal contracted(CostEvent e) {
    // FOCUS: without a negotiated rate the contracted cost is the list cost.
    return e.getContractedCost() != null ? e.getContractedCost() : e.getListCost();
  }

  /** The costliest non-request line, else the first line, else null. */
  static CostLine dominant(List<CostLine> lines) {
    return lines.stream()
        .filter(l -> !REQUESTS.equals(l.getPricingUnit()))
        .max(Comparator.comparing(CostLine::getCost))
        .orElse(lines.isEmpty() ? null : lines.get(0));
  }

  /** {@code amount} split over {@code lines} in proportion to their cost; sums to amount. */
  static BigDecimal[] split(BigDecimal amount, List<CostLine> lines, BigDecimal listCost) {
    BigDecimal[] parts = new BigDecimal[lines.size()];
    BigDecimal given = BigDecimal.ZERO;
    boolean same = amount.compareTo(listCost) == 0;
    for (int i = 0; i < lines.size(); i++) {
      BigDecimal cost = lines.get(i).getCost();
      if (i == lines.size() - 1) {
        parts[i] = amount.subtract(given);
      } else if (same) {
        parts[i] = cost;
      } else if (listCost.signum() == 0) {
        parts[i] = i == 0 ? amount : BigDecimal.ZERO;
      } else {
        parts[i] = amount.multiply(cost).divide(listCost, 24, RoundingMode.HALF_EVEN);
      }
      given = given.add(parts[i]);
    }
    return parts;
  }

  private List<String> row(
      CostEvent e,
      BigDecimal billed,
      BigDecimal effective,
      BigDecimal list,
      BigDecimal contracted,
      CostLine line,
      String description) {
    List<String> c = new ArrayList<>(FOCUS_COLUMNS.size() + FISO_COLUMNS.size());
    c.add(Decimals.plain(billed));
    c.add(Decimals.plain(effective));
    c.add(Decimals.plain(list));
    c.add(line == null ? "" : Decimals.plain(line.getListUnitPrice()));
    c.add(Decimals.plain(contracted));
    c.add(line == null ? "" : Decimals.plain(line.getConsumedQuantity()));
    c.add(line == null ? "" : line.getConsumedUnit());
    c.add(line == null ? "" : Decimals.plain(line.getPricingQuantity()));
    c.add(line == null ? "" : line.getPricingUnit());
    c.add(Instant.ofEpochSecond(e.getChargePeriodStart().getEpochSecond()).toString());
    c.add(ceilSecond(e.getChargePeriodEnd(), e.getChargePeriodStart()).toString());
    c.add(e.getChargeCategory());
    c.add("");
    c.add(description == null ? "" : description);
    c.add(e.getBillingCurrency());
    String provider = providerName(e.getProvider());
    c.add(provider);
    c.add(provider);
    c.add(provider);
    c.add(e.getServiceName());
    c.add("Compute");
    c.add(e.getRegionId());
    c.add(Regions.name(e.getProvider(), e.getRegionId()));
    c.add(e.getResourceId());
    c.add(e.getFunction());
    c.add(resourceType(e.getProvider()));
    c.add(e.getSkuId());
    c.add(line == null ? "" : line.getSkuPriceId());
    c.add(tags(e.getTags()));
    c.add(e.getInvocationId());
    c.add(e.getEventId());
    c.add(Integer.toString(e.getAttempt()));
    c.add(e.getStatus().name());
    c.add(BigDecimal.valueOf(e.getDurationMs()).stripTrailingZeros().toPlainString());
    c.add(Long.toString(e.getBilledDurationMs()));
    c.add(Integer.toString(e.getMemoryMb()));
    c.add(e.getArchitecture().name().toLowerCase(Locale.ROOT));
    c.add(Boolean.toString(e.getColdStart()));
    c.add(Boolean.toString(e.getEstimated()));
    c.add(Long.toString(e.getPriceSheetVersion()));
    return c;
  }

  private static Instant ceilSecond(Instant end, Instant start) {
    Instant floor = end.truncatedTo(ChronoUnit.SECONDS);
    Instant ceil = floor.equals(end) ? end : floor.plusSeconds(1);
    Instant startSecond = start.truncatedTo(ChronoUnit.SECONDS);
    return ceil.isAfter(startSecond) ? ceil : startSecond.plusSeconds(1);
  }

  /** FOCUS ProviderName / PublisherName / InvoiceIssuerName. */
  public static String providerName(Provider p) {
    return switch (p) {
      case AWS -> "Amazon Web Services";
      case AZURE -> "Microsoft";
      case GCP -> "Google Cloud";
    };
  }

  static String resourceType(Provider p) {
    return switch (p) {
      case AWS -> "Lambda Function";
      case AZURE -> "Function App";
      case GCP -> "Cloud Run Function";
    };
  }

  static String tags(Map<String, String> tags) {
    try {
      return JSON.writeValueAsString(tags == null ? Map.of() : new TreeMap<>(tags));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void write(List<String> cells) {
    try {
      out.write(Csv.line(cells));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    rowCount++;
  }
}
