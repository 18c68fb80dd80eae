package io.fiso.pricing.catalog;

import java.math.BigDecimal;
import java.util.List;

/** One priced unit of a {@link CatalogPlan}; see {@link io.fiso.avro.PriceComponent}. */
public record CatalogComponent(
    String skuPriceId,
    String unit,
    BigDecimal unitPrice,
    BigDecimal freeMonthly,
    List<CatalogTier> tiers) {}
