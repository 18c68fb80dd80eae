package io.fiso.pricing;

import io.fiso.avro.Architecture;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.billing.PriceSheets;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread-safe, updatable {@link PriceLookup} for services that consume fiso.prices: one thread
 * calls {@link #update}/{@link #remove} as records arrive while others price. Each lookup sees one
 * consistent {@link PriceBook}.
 */
public final class LivePriceBook implements PriceLookup {
  private static final Logger log = LoggerFactory.getLogger(LivePriceBook.class);

  private final AtomicReference<PriceBook> book;

  public LivePriceBook(PriceBook initial) {
    this.book = new AtomicReference<>(initial);
  }

  /** A live book seeded with the bundled catalog. */
  public static LivePriceBook seededWithBundledCatalog() {
    return new LivePriceBook(PriceBook.bundled());
  }

  /**
   * Applies a sheet from fiso.prices.
   *
   * @return true if it replaced or added a sheet, false if a newer one was already held
   * @throws io.fiso.pricing.billing.InvalidPriceSheetException when the sheet is unusable
   */
  public boolean update(PriceSheet sheet) {
    while (true) {
      PriceBook before = book.get();
      PriceBook after = before.withSheet(sheet);
      if (after == before) {
        log.debug(
            "Price sheet {} version {} ignored: a newer version is held",
            PriceSheets.key(sheet),
            sheet.getVersion());
        return false;
      }
      if (book.compareAndSet(before, after)) {
        log.debug("Price sheet {} version {} applied", PriceSheets.key(sheet), sheet.getVersion());
        return true;
      }
    }
  }

  /** Applies a tombstone (null value) for {@code key} from fiso.prices. */
  public void remove(String key) {
    book.updateAndGet(b -> b.withoutSheet(key));
    log.info("Price sheet {} removed", key);
  }

  /** The book as it is now (immutable). */
  public PriceBook current() {
    return book.get();
  }

  @Override
  public PriceSheet sheetFor(Provider provider, String region, Architecture architecture) {
    return book.get().sheetFor(provider, region, architecture);
  }
}
