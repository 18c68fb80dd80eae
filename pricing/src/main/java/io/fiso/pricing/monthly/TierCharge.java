package io.fiso.pricing.monthly;

import java.math.BigDecimal;

/**
 * The part of a month's quantity that falls in one price band.
 *
 * @param fromQuantity monthly quantity where the band starts
 * @param toQuantity where the next band starts, null for the last band
 * @param quantity billable quantity in this band (free units excluded)
 * @param unitPrice price per unit in this band
 * @param cost quantity × unitPrice, exact
 */
public record TierCharge(
    BigDecimal fromQuantity,
    BigDecimal toQuantity,
    BigDecimal quantity,
    BigDecimal unitPrice,
    BigDecimal cost) {}
