package io.fiso.pricing.monthly;

import java.math.BigDecimal;
import java.util.List;

/**
 * A month's cost under one price sheet, after the free grants and volume tiers.
 *
 * @param sheetKey the sheet's key, PROVIDER/region/ARCH
 * @param components one entry per component of the sheet
 * @param cost sum of the components' cost, exact
 */
public record MonthlyBill(String sheetKey, List<MonthlyComponentCost> components, BigDecimal cost) {

  public MonthlyBill {
    components = List.copyOf(components);
  }
}
