package io.fiso.pricing;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.catalog.PriceCatalog;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of price sheets, one per key {@code PROVIDER/region/ARCH}, as the compacted
 * topic fiso.prices holds them. Adding a sheet returns a new book; where two sheets share a key,
 * the larger {@code version} wins whatever the order they arrive in (equal versions: the later
 * {@code publishedAt}, then the one added last). Every sheet is validated on the way in.
 *
 * <p>Lookups try the exact region first, then the provider's {@code '*'} sheet.
 */
public final class PriceBook implements PriceLookup {
  private static final PriceBook EMPTY = new PriceBook(Map.of());

  private final Map<String, PriceSheet> sheets;

  private PriceBook(Map<String, PriceSheet> sheets) {
    this.sheets = sheets;
  }

  /** A book without sheets: every lookup fails. */
  public static PriceBook empty() {
    return EMPTY;
  }

  /** A book of {@code sheets} (newest version per key wins). */
  public static PriceBook of(Collection<PriceSheet> sheets) {
    PriceBook book = EMPTY;
    for (PriceSheet sheet : sheets) {
      book = book.withSheet(sheet);
    }
    return book;
  }

  /** A book of the catalog bundled with FISO: the seed before fiso.prices is read. */
  public static PriceBook bundled() {
    return of(PriceCatalog.bundled().sheets());
  }

  /**
   * This book with {@code sheet} added, or this same book when it already holds a newer sheet for
   * the key.
   *
   * @throws io.fiso.pricing.billing.InvalidPriceSheetException when the sheet is unusable (naming
   *     its key and field)
   */
  public PriceBook withSheet(PriceSheet sheet) {
    PriceSheets.validate(sheet);
    String key = PriceSheets.key(sheet);
    PriceSheet current = sheets.get(key);
    if (current != null && !supersedes(sheet, current)) {
      return this;
    }
    Map<String, PriceSheet> next = new HashMap<>(sheets);
    next.put(key, PriceSheets.copy(sheet));
    return new PriceBook(Map.copyOf(next));
  }

  /** This book without the sheet under {@code key} (a tombstone on fiso.prices). */
  public PriceBook withoutSheet(String key) {
    if (!sheets.containsKey(key)) {
      return this;
    }
    Map<String, PriceSheet> next = new HashMap<>(sheets);
    next.remove(key);
    return new PriceBook(Map.copyOf(next));
  }

  /** Whether {@code candidate} replaces {@code current} under the same key. */
  static boolean supersedes(PriceSheet candidate, PriceSheet current) {
    if (candidate.getVersion() != current.getVersion()) {
      return candidate.getVersion() > current.getVersion();
    }
    return !candidate.getPublishedAt().isBefore(current.getPublishedAt());
  }

  @Override
  public PriceSheet sheetFor(Provider provider, String region, Architecture architecture) {
    return find(provider, region, architecture)
        .orElseThrow(() -> new PriceNotFoundException(provider, region, architecture));
  }

  /** Like {@link #sheetFor} but empty instead of throwing. */
  public Optional<PriceSheet> find(Provider provider, String region, Architecture architecture) {
    PriceSheet exact = sheets.get(PriceSheets.key(provider, region, architecture));
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(
        sheets.get(PriceSheets.key(provider, PriceSheets.ANY_REGION, architecture)));
  }

  /** The sheet stored under {@code key} exactly (no wildcard fallback). */
  public Optional<PriceSheet> get(String key) {
    return Optional.ofNullable(sheets.get(key));
  }

  /** Every sheet, in key order. */
  public List<PriceSheet> sheets() {
    return sheets.keySet().stream().sorted().map(sheets::get).toList();
  }

  public int size() {
    return sheets.size();
  }

  @Override
  public String toString() {
    return "PriceBook" + sheets.keySet().stream().sorted().toList();
  }
}
