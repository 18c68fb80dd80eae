package io.fiso.pricing.catalog;

import io.fiso.avro.Architecture;
import io.fiso.avro.Provider;
import java.util.List;

/**
 * One plan of a catalog: becomes one {@link io.fiso.avro.PriceSheet} per region. Field meanings are
 * those of PriceSheet.
 *
 * @param sources the pages the figures were read from (https URLs)
 * @param sourceDate ISO date the figures were read
 */
public record CatalogPlan(
    Provider provider,
    Architecture architecture,
    String service,
    List<String> regions,
    String currency,
    List<String> sources,
    String sourceDate,
    Integer durationRoundingMs,
    Integer minimumDurationMs,
    Integer memoryRoundingMb,
    Integer minimumMemoryMb,
    Integer maximumMemoryMb,
    List<CatalogComponent> components) {}
