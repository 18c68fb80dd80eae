package io.fiso.costs.budget;

import io.fiso.avro.CostEvent;
import io.fiso.costs.CostIngestorNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Finds the budgets (from the policies' global table) a cost event counts against and emits one
 * {@link BudgetCharge} per budget, keyed by its scope. The charge is the event's BilledCost on the
 * provider actually called.
 */
public final class BudgetMatcher implements Processor<String, CostEvent, String, BudgetCharge> {

  private final long refreshMs;
  private ProcessorContext<String, BudgetCharge> context;
  private PolicySnapshot policies;

  public BudgetMatcher(long refreshMs) {
    this.refreshMs = refreshMs;
  }

  @Override
  public void init(ProcessorContext<String, BudgetCharge> context) {
    this.context = context;
    this.policies =
        new PolicySnapshot(
            context.getStateStore(CostIngestorNames.POLICIES_STORE),
            refreshMs,
            context::currentSystemTimeMs);
  }

  @Override
  public void process(Record<String, CostEvent> record) {
    CostEvent event = record.value();
    for (BudgetDefinition budget : policies.get().matching(event)) {
      context.forward(
          record
              .withKey(budget.scope())
              .withValue(new BudgetCharge(budget, event.getBilledCost(), event.getEventId())));
    }
  }
}
