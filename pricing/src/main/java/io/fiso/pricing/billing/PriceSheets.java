package io.fiso.pricing.billing;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.PriceTier;
import io.fiso.avro.Provider;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Keys, lookups and validation of {@link PriceSheet} records. */
public final class PriceSheets {

  /** Region of a sheet that applies to every region without its own sheet. */
  public static final String ANY_REGION = "*";

  private PriceSheets() {}

  /** Key of a sheet on the compacted topic fiso.prices: {@code PROVIDER/region/ARCH}. */
  public static String key(Provider provider, String region, Architecture architecture) {
    return provider.name() + "/" + region + "/" + architecture.name();
  }

  /** Key of {@code sheet} on fiso.prices. */
  public static String key(PriceSheet sheet) {
    return key(sheet.getProvider(), sheet.getRegion(), sheet.getArchitecture());
  }

  /**
   * A deep copy of {@code sheet}, made field by field. (Avro's own deep copy, used by {@code
   * PriceSheet.newBuilder(sheet)}, resolves generated classes by name and so needs io.fiso.avro to
   * be a trusted package: see Avro's ClassSecurityValidator.)
   */
  public static PriceSheet copy(PriceSheet sheet) {
    return PriceSheet.newBuilder()
        .setProvider(sheet.getProvider())
        .setRegion(sheet.getRegion())
        .setArchitecture(sheet.getArchitecture())
        .setService(sheet.getService())
        .setCurrency(sheet.getCurrency())
        .setComponents(sheet.getComponents().stream().map(PriceSheets::copy).toList())
        .setDurationRoundingMs(sheet.getDurationRoundingMs())
        .setMinimumDurationMs(sheet.getMinimumDurationMs())
        .setMemoryRoundingMb(sheet.getMemoryRoundingMb())
        .setMinimumMemoryMb(sheet.getMinimumMemoryMb())
        .setMaximumMemoryMb(sheet.getMaximumMemoryMb())
        .setSource(sheet.getSource())
        .setSourceDate(sheet.getSourceDate())
        .setVersion(sheet.getVersion())
        .setPublishedAt(sheet.getPublishedAt())
        .build();
  }

  /** A deep copy of {@code component}. */
  public static PriceComponent copy(PriceComponent component) {
    return PriceComponent.newBuilder()
        .setSkuPriceId(component.getSkuPriceId())
        .setUnit(component.getUnit())
        .setUnitPrice(component.getUnitPrice())
        .setTiers(
            component.getTiers().stream()
                .map(t -> new PriceTier(t.getFromQuantity(), t.getUnitPrice()))
                .toList())
        .setFreeMonthly(component.getFreeMonthly())
        .build();
  }

  /** FOCUS SkuId of charges priced with {@code sheet}: provider/service/region/architecture. */
  public static String skuId(PriceSheet sheet) {
    return sheet.getProvider().name()
        + "/"
        + sheet.getService()
        + "/"
        + sheet.getRegion()
        + "/"
        + sheet.getArchitecture().name();
  }

  /**
   * The one component of {@code sheet} priced in {@code unit}.
   *
   * @throws InvalidPriceSheetException if there is none or more than one
   */
  public static PriceComponent component(PriceSheet sheet, String unit) {
    List<PriceComponent> matching =
        sheet.getComponents().stream().filter(c -> unit.equals(c.getUnit())).toList();
    if (matching.size() != 1) {
      throw new InvalidPriceSheetException(
          "price sheet "
              + key(sheet)
              + ": components must hold exactly one component with unit '"
              + unit
              + "', found "
              + matching.size());
    }
    return matching.get(0);
  }

  /**
   * Checks a sheet before it is used: the generic checks here, then its provider's rule's.
   *
   * @throws InvalidPriceSheetException naming the sheet's key and the field at fault
   */
  public static void validate(PriceSheet sheet) {
    if (sheet.getProvider() == null || sheet.getArchitecture() == null) {
      throw new InvalidPriceSheetException("price sheet: provider and architecture are required");
    }
    String at = "price sheet " + key(sheet) + ": ";
    if (sheet.getRegion() == null || sheet.getRegion().isBlank()) {
      throw new InvalidPriceSheetException(at + "region is blank");
    }
    requireText(sheet.getService(), at + "service");
    requireText(sheet.getCurrency(), at + "currency");
    requireText(sheet.getSource(), at + "source");
    if (sheet.getSourceDate() == null) {
      throw new InvalidPriceSheetException(at + "sourceDate is missing");
    }
    if (sheet.getPublishedAt() == null) {
      throw new InvalidPriceSheetException(at + "publishedAt is missing");
    }
    int rounding = sheet.getDurationRoundingMs();
    if (rounding < 1) {
      throw new InvalidPriceSheetException(at + "durationRoundingMs must be >= 1, was " + rounding);
    }
    if (sheet.getMinimumDurationMs() < 0 || sheet.getMinimumDurationMs() % rounding != 0) {
      throw new InvalidPriceSheetException(
          at
              + "minimumDurationMs must be >= 0 and a multiple of durationRoundingMs ("
              + rounding
              + "), was "
              + sheet.getMinimumDurationMs());
    }
    int memRounding = sheet.getMemoryRoundingMb();
    if (memRounding < 1) {
      throw new InvalidPriceSheetException(
          at + "memoryRoundingMb must be >= 1, was " + memRounding);
    }
    if (sheet.getMinimumMemoryMb() < 1
        || sheet.getMinimumMemoryMb() > sheet.getMaximumMemoryMb()
        || sheet.getMinimumMemoryMb() % memRounding != 0
        || sheet.getMaximumMemoryMb() % memRounding != 0) {
      throw new InvalidPriceSheetException(
          at
              + "minimumMemoryMb ("
              + sheet.getMinimumMemoryMb()
              + ") and maximumMemoryMb ("
              + sheet.getMaximumMemoryMb()
              + ") must be positive multiples of memoryRoundingMb ("
              + memRounding
              + "), minimum <= maximum");
    }
    if (sheet.getComponents() == null || sheet.getComponents().isEmpty()) {
      throw new InvalidPriceSheetException(at + "components is empty");
    }
    Set<String> ids = new HashSet<>();
    for (PriceComponent c : sheet.getComponents()) {
      String cat = at + "component '" + c.getSkuPriceId() + "': ";
      requireText(c.getSkuPriceId(), at + "component skuPriceId");
      if (!ids.add(c.getSkuPriceId())) {
        throw new InvalidPriceSheetException(at + "skuPriceId '" + c.getSkuPriceId() + "' repeats");
      }
      requireText(c.getUnit(), cat + "unit");
      requireUnitPrice(c.getUnitPrice(), cat + "unitPrice");
      if (c.getFreeMonthly() == null || c.getFreeMonthly().signum() < 0) {
        throw new InvalidPriceSheetException(cat + "freeMonthly must be >= 0");
      }
      BigDecimal previous = BigDecimal.ZERO;
      for (PriceTier t : c.getTiers()) {
        if (t.getFromQuantity() == null || t.getFromQuantity().compareTo(previous) <= 0) {
          throw new InvalidPriceSheetException(
              cat + "tiers must start at increasing quantities above 0");
        }
        previous = t.getFromQuantity();
        requireUnitPrice(t.getUnitPrice(), cat + "tier from " + previous + " unitPrice");
      }
    }
    BillingRules.forProvider(sheet.getProvider()).validate(sheet);
  }

  /** Whether {@code sheet} prices usage in {@code region} (its own region or the wildcard). */
  public static boolean appliesTo(PriceSheet sheet, Usage usage) {
    return sheet.getProvider() == usage.provider()
        && sheet.getArchitecture() == usage.architecture()
        && (sheet.getRegion().equals(usage.region()) || ANY_REGION.equals(sheet.getRegion()));
  }

  private static void requireUnitPrice(BigDecimal price, String what) {
    if (price == null || price.signum() < 0) {
      throw new InvalidPriceSheetException(what + " must be >= 0");
    }
    if (price.stripTrailingZeros().scale() > Decimals.MAX_UNIT_PRICE_SCALE) {
      throw new InvalidPriceSheetException(
          what
              + " "
              + price.toPlainString()
              + " has more than "
              + Decimals.MAX_UNIT_PRICE_SCALE
              + " decimal places; costs would not fit decimal(38,24) exactly");
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new InvalidPriceSheetException(what + " is missing");
    }
  }
}
