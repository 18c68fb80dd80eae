package io.fiso.pricing.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fiso.avro.PriceComponent;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.PriceTier;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.PricingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A price catalog file read into {@link PriceSheet} records: the bundled one ({@link #bundled()},
 * resource {@value #BUNDLED_RESOURCE}) or an operator's own ({@link #load(Path)}, YAML or JSON,
 * same format). Immutable; {@link #sheets()} returns fresh copies.
 */
public final class PriceCatalog {

  /** Class-path resource of the catalog shipped with FISO. */
  public static final String BUNDLED_RESOURCE = "/io/fiso/pricing/catalog.yaml";

  private final String origin;
  private final long version;
  private final Instant publishedAt;
  private final List<PriceSheet> sheets;
  private final List<CatalogPlan> plans;
  private final List<CatalogPlan> reference;

  private PriceCatalog(
      String origin,
      long version,
      Instant publishedAt,
      List<PriceSheet> sheets,
      List<CatalogPlan> plans,
      List<CatalogPlan> reference) {
    this.origin = origin;
    this.version = version;
    this.publishedAt = publishedAt;
    this.sheets = sheets;
    this.plans = plans;
    this.reference = reference;
  }

  /** The catalog bundled with FISO (read once). */
  public static PriceCatalog bundled() {
    return Bundled.CATALOG;
  }

  /** Reads a catalog file; {@code .json} files as JSON, anything else as YAML. */
  public static PriceCatalog load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read the price catalog: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a catalog from {@code in}; {@code origin} names it in error messages and decides the
   * format (a name ending in {@code .json} is JSON, anything else YAML).
   */
  public static PriceCatalog parse(InputStream in, String origin) {
    ObjectMapper mapper =
        origin.endsWith(".json")
            ? JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
            : YAMLMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    CatalogFile file;
    try {
      file = mapper.readValue(in, CatalogFile.class);
    } catch (JacksonException e) {
      throw new CatalogException(origin + ": " + e.getOriginalMessage() + describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(origin + ": cannot read the price catalog", e);
    }
    if (file == null) {
      throw new CatalogException(origin + ": the price catalog is empty");
    }
    return build(file, origin);
  }

  private static String describe(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static PriceCatalog build(CatalogFile file, String origin) {
    if (file.version() == null || file.version() < 1) {
      throw new CatalogException(origin + ": version is missing (a positive number)");
    }
    Instant publishedAt;
    try {
      publishedAt = Instant.parse(required(file.publishedAt(), origin + ": publishedAt"));
    } catch (DateTimeParseException e) {
      throw new CatalogException(
          origin + ": publishedAt '" + file.publishedAt() + "' is not an ISO-8601 instant", e);
    }
    if (file.plans() == null || file.plans().isEmpty()) {
      throw new CatalogException(origin + ": plans is empty");
    }
    List<PriceSheet> sheets = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < file.plans().size(); i++) {
      String at = origin + ": plans[" + i + "]";
      for (PriceSheet sheet :
          toSheets(file.plans().get(i), at, file.version(), publishedAt, true)) {
        if (!keys.add(PriceSheets.key(sheet))) {
          throw new CatalogException(at + ": " + PriceSheets.key(sheet) + " is priced twice");
        }
        sheets.add(sheet);
      }
    }
    List<CatalogPlan> reference = file.reference() == null ? List.of() : file.reference();
    for (int i = 0; i < reference.size(); i++) {
      toSheets(
          reference.get(i), origin + ": reference[" + i + "]", file.version(), publishedAt, false);
    }
    return new PriceCatalog(
        origin,
        file.version(),
        publishedAt,
        List.copyOf(sheets),
        List.copyOf(file.plans()),
        List.copyOf(reference));
  }

  /** One sheet per region; {@code priced} plans must be complete enough to bill with. */
  private static List<PriceSheet> toSheets(
      CatalogPlan plan, String at, long version, Instant publishedAt, boolean priced) {
    if (plan == null) {
      throw new CatalogException(at + " is empty");
    }
    if (plan.provider() == null || plan.architecture() == null) {
      throw new CatalogException(at + ": provider and architecture are required");
    }
    at = at + " (" + plan.provider() + " " + plan.architecture() + ")";
    required(plan.service(), at + ": service");
    if (plan.regions() == null || plan.regions().isEmpty()) {
      throw new CatalogException(at + ": regions is empty");
    }
    if (plan.sources() == null || plan.sources().isEmpty()) {
      throw new CatalogException(at + ": sources is empty: say where every figure comes from");
    }
    for (String source : plan.sources()) {
      if (source == null || !source.startsWith("https://")) {
        throw new CatalogException(at + ": source '" + source + "' is not an https:// URL");
      }
    }
    LocalDate sourceDate;
    try {
      sourceDate = LocalDate.parse(required(plan.sourceDate(), at + ": sourceDate"));
    } catch (DateTimeParseException e) {
      throw new CatalogException(
          at + ": sourceDate '" + plan.sourceDate() + "' is not an ISO date (yyyy-mm-dd)", e);
    }
    if (plan.components() == null || plan.components().isEmpty()) {
      throw new CatalogException(at + ": components is empty");
    }
    List<PriceComponent> components = new ArrayList<>();
    for (int c = 0; c < plan.components().size(); c++) {
      components.add(toComponent(plan.components().get(c), at + ": components[" + c + "]", priced));
    }
    if (!priced) {
      return List.of();
    }
    List<PriceSheet> sheets = new ArrayList<>();
    for (String region : plan.regions()) {
      PriceSheet sheet =
          PriceSheet.newBuilder()
              .setProvider(plan.provider())
              .setRegion(required(region, at + ": regions entry"))
              .setArchitecture(plan.architecture())
              .setService(plan.service())
              .setCurrency(plan.currency() == null ? "USD" : plan.currency())
              .setComponents(copy(components))
              .setDurationRoundingMs(
                  requiredInt(plan.durationRoundingMs(), at, "durationRoundingMs"))
              .setMinimumDurationMs(requiredInt(plan.minimumDurationMs(), at, "minimumDurationMs"))
              .setMemoryRoundingMb(requiredInt(plan.memoryRoundingMb(), at, "memoryRoundingMb"))
              .setMinimumMemoryMb(requiredInt(plan.minimumMemoryMb(), at, "minimumMemoryMb"))
              .setMaximumMemoryMb(requiredInt(plan.maximumMemoryMb(), at, "maximumMemoryMb"))
              .setSource(String.join(" ", plan.sources()))
              .setSourceDate(sourceDate)
              .setVersion(version)
              .setPublishedAt(publishedAt)
              .build();
      try {
        PriceSheets.validate(sheet);
      } catch (PricingException e) {
        throw new CatalogException(at + ": " + e.getMessage(), e);
      }
      sheets.add(sheet);
    }
    return sheets;
  }

  private static PriceComponent toComponent(CatalogComponent c, String at, boolean priced) {
    if (c == null) {
      throw new CatalogException(at + " is empty");
    }
    required(c.skuPriceId(), at + ": skuPriceId");
    required(c.unit(), at + ": unit");
    if (c.unitPrice() == null) {
      throw new CatalogException(at + ": unitPrice is missing");
    }
    BigDecimal free = c.freeMonthly();
    if (free == null) {
      if (priced) {
        throw new CatalogException(
            at + ": freeMonthly is missing (write \"0\" when there is none)");
      }
      free = BigDecimal.ZERO;
    }
    List<PriceTier> tiers = new ArrayList<>();
    if (c.tiers() != null) {
      for (int t = 0; t < c.tiers().size(); t++) {
        CatalogTier tier = c.tiers().get(t);
        if (tier == null || tier.fromQuantity() == null || tier.unitPrice() == null) {
          throw new CatalogException(at + ": tiers[" + t + "] needs fromQuantity and unitPrice");
        }
        tiers.add(new PriceTier(tier.fromQuantity(), tier.unitPrice()));
      }
    }
    return PriceComponent.newBuilder()
        .setSkuPriceId(c.skuPriceId())
        .setUnit(c.unit())
        .setUnitPrice(c.unitPrice())
        .setTiers(tiers)
        .setFreeMonthly(free)
        .build();
  }

  private static List<PriceComponent> copy(List<PriceComponent> components) {
    return components.stream().map(PriceSheets::copy).toList();
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new CatalogException(what + " is missing");
    }
    return value;
  }

  private static int requiredInt(Integer value, String at, String field) {
    if (value == null) {
      throw new CatalogException(at + ": " + field + " is missing");
    }
    return value;
  }

  /** Every price sheet of the catalog's plans, one per plan and region (fresh copies). */
  public List<PriceSheet> sheets() {
    return sheets.stream().map(PriceSheets::copy).toList();
  }

  /** The plans loaded as sheets, as written in the file. */
  public List<CatalogPlan> plans() {
    return plans;
  }

  /** Plans recorded for reference only, not loaded as sheets. */
  public List<CatalogPlan> referencePlans() {
    return reference;
  }

  /** Version every sheet of this catalog carries. */
  public long version() {
    return version;
  }

  /** When this catalog was published. */
  public Instant publishedAt() {
    return publishedAt;
  }

  /** Where the catalog was read from. */
  public String origin() {
    return origin;
  }

  private static final class Bundled {
    private static final PriceCatalog CATALOG = readBundled();

    private static PriceCatalog readBundled() {
      try (InputStream in = PriceCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new CatalogException(BUNDLED_RESOURCE + " is missing from the class path");
        }
        return parse(in, "classpath:" + BUNDLED_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(BUNDLED_RESOURCE + ": cannot read", e);
      }
    }
  }
}
