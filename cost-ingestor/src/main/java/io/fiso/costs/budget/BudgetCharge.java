package io.fiso.costs.budget;

import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.costs.state.StateSerde;
import java.math.BigDecimal;

/** One cost event counted against one budget: repartitioned by the budget's scope. */
public record BudgetCharge(BudgetDefinition budget, BigDecimal cost, String eventId) {

  public static final StateSerde<BudgetCharge> SERDE =
      new StateSerde<>(
          "budget charge",
          1,
          (c, out) -> {
            out.writeUTF(c.budget.scope());
            out.writeUTF(c.budget.policyFunction());
            StateSerde.writeDecimal(out, c.budget.amount());
            out.writeUTF(c.budget.period().name());
            out.writeUTF(c.budget.action().name());
            StateSerde.writeDecimal(out, c.cost);
            out.writeUTF(c.eventId);
          },
          (format, in) ->
              new BudgetCharge(
                  new BudgetDefinition(
                      in.readUTF(),
                      in.readUTF(),
                      StateSerde.readDecimal(in),
                      BudgetPeriod.valueOf(in.readUTF()),
                      BudgetAction.valueOf(in.readUTF())),
                  StateSerde.readDecimal(in),
                  in.readUTF()));
}
