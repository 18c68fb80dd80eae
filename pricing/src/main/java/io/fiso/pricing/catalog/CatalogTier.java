package io.fiso.pricing.catalog;

import java.math.BigDecimal;

/** A monthly volume tier of a {@link CatalogComponent}; see {@link io.fiso.avro.PriceTier}. */
public record CatalogTier(BigDecimal fromQuantity, BigDecimal unitPrice) {}
