package io.fiso.costs.budget;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.FinOpsAlert;

/** What the budget processor writes: a status (null = the budget was removed) or an alert. */
public sealed interface BudgetOutput {

  record Status(BudgetStatus status) implements BudgetOutput {}

  record Alert(FinOpsAlert alert) implements BudgetOutput {}
}
