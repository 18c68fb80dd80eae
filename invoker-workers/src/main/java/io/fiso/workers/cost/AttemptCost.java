package io.fiso.workers.cost;

import io.fiso.avro.CostEvent;
import java.math.BigDecimal;

/**
 * The cost event of one provider call and what the result needs from it.
 *
 * @param event the record for fiso.costs
 * @param cost the call's list cost, USD (zero for calls the provider does not bill)
 * @param estimated whether the cost is an estimate (false only for AWS REPORT-based charges)
 * @param billedDurationMs the billed duration
 */
public record AttemptCost(
    CostEvent event, BigDecimal cost, boolean estimated, long billedDurationMs) {}
