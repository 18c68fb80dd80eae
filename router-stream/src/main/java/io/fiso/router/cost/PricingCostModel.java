package io.fiso.router.cost;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.PriceSheet;
import io.fiso.avro.Provider;
import io.fiso.pricing.PriceBook;
import io.fiso.pricing.Pricer;
import io.fiso.pricing.billing.PriceSheets;
import io.fiso.pricing.billing.PricingException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CostModel} over the pricing module: the price sheet comes from the live sheets the
 * router holds (fiso.prices; exact region, then the provider's {@code '*'} sheet), else, when
 * enabled, from the price catalog bundled with FISO; the provider's billing rules (rounding,
 * minimums, memory and vCPU) turn the duration into a cost.
 */
public final class PricingCostModel implements CostModel {

  /** Looks a sheet up by its fiso.prices key {@code PROVIDER/region/ARCH}. */
  @FunctionalInterface
  public interface SheetSource {
    Optional<PriceSheet> sheet(String key);
  }

  private static final int MONEY_SCALE = 24;

  /** Predictions remembered at most (LRU). */
  static final int CACHE_SIZE = 4096;

  /**
   * A prediction's inputs. The router's stores hand out the same decoded sheet and target objects
   * until they change (see BinaryAvroSerde), so identity is both cheap and exact here: a new sheet
   * version or a changed policy is a new object and is priced afresh.
   */
  private record Inputs(PriceSheet sheet, FunctionTarget target, double durationMs, String source) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Inputs other
          && other.sheet == sheet
          && other.target == target
          && Double.compare(other.durationMs, durationMs) == 0
          && other.source.equals(source);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * System.identityHashCode(sheet) + System.identityHashCode(target))
          + Double.hashCode(durationMs);
    }
  }

  private final Map<Inputs, CostPrediction> predictions =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Inputs, CostPrediction> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  private final SheetSource live;
  private final PriceBook fallback;

  /**
   * @param live the sheets read from fiso.prices
   * @param fallback sheets used when fiso.prices has none for a target ({@link PriceBook#bundled()}
   *     or {@link PriceBook#empty()})
   */
  public PricingCostModel(SheetSource live, PriceBook fallback) {
    this.live = live;
    this.fallback = fallback;
  }

  @Override
  public CostPrediction predict(FunctionTarget target, double durationMs) {
    Provider provider = target.getProvider();
    String region = target.getRegion();
    Architecture arch = target.getArchitecture();
    String exactKey = PriceSheets.key(provider, region, arch);
    PriceSheet sheet = null;
    String source = null;
    for (String key :
        new String[] {exactKey, PriceSheets.key(provider, PriceSheets.ANY_REGION, arch)}) {
      Optional<PriceSheet> found = live.sheet(key);
      if (found.isPresent()) {
        sheet = found.get();
        source = "fiso.prices " + key + " v" + sheet.getVersion();
        break;
      }
    }
    if (sheet == null) {
      Optional<PriceSheet> bundled = fallback.find(provider, region, arch);
      if (bundled.isPresent()) {
        sheet = bundled.get();
        source =
            "bundled price catalog of "
                + sheet.getSourceDate()
                + " (fiso.prices has no sheet for "
                + exactKey
                + ")";
      }
    }
    if (sheet == null) {
      return CostPrediction.unknown("no price sheet for " + exactKey + " in fiso.prices");
    }
    Inputs inputs = new Inputs(sheet, target, durationMs, source);
    CostPrediction known = predictions.get(inputs);
    if (known != null) {
      return known;
    }
    CostPrediction prediction = price(sheet, target, durationMs, source, exactKey);
    predictions.put(inputs, prediction);
    return prediction;
  }

  private static CostPrediction price(
      PriceSheet sheet, FunctionTarget target, double durationMs, String source, String key) {
    try {
      BigDecimal cost = new Pricer((p, r, a) -> sheet).predictCost(target, durationMs);
      // A prediction may round: it is stored as decimal(38,24), like every FISO amount.
      return new CostPrediction(cost.setScale(MONEY_SCALE, RoundingMode.HALF_UP), source);
    } catch (PricingException | ArithmeticException e) {
      return CostPrediction.unknown("cannot price " + key + ": " + e.getMessage());
    }
  }
}
