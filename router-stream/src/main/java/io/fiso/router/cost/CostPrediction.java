package io.fiso.router.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A predicted cost, or why there is none.
 *
 * @param cost USD per invocation at scale 24 (Avro decimal(38,24)); null when unknown
 * @param source where the price came from ({@code fiso.prices AWS/us-east-1/X86_64 v3}, {@code
 *     bundled price catalog}), or why no cost could be predicted
 */
public record CostPrediction(BigDecimal cost, String source) {

  public CostPrediction {
    Objects.requireNonNull(source, "source");
  }

  public static CostPrediction unknown(String why) {
    return new CostPrediction(null, why);
  }

  public boolean known() {
    return cost != null;
  }
}
