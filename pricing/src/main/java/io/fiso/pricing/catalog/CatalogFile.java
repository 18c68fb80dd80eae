package io.fiso.pricing.catalog;

import java.util.List;

/**
 * The top level of a catalog file (YAML or JSON).
 *
 * @param version version every sheet of this catalog carries; a sheet on fiso.prices replaces
 *     another only with a larger version
 * @param publishedAt ISO-8601 instant of publication
 * @param plans plans loaded as price sheets
 * @param reference plans whose figures are recorded but not loaded
 */
public record CatalogFile(
    Long version, String publishedAt, List<CatalogPlan> plans, List<CatalogPlan> reference) {}
