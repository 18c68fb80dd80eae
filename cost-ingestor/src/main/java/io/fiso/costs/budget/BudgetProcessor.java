package io.fiso.costs.budget;

import io.fiso.avro.AlertKind;
import io.fiso.avro.AlertSeverity;
import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetState;
import io.fiso.avro.FinOpsAlert;
import io.fiso.costs.CostIngestorConfig;
import io.fiso.costs.CostIngestorNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds every charge to its budget's spend in the current UTC period and writes the budget's status
 * to fiso.budget-status: OK below 80% of the amount, WARN from 80%, BLOCK from 100% when the action
 * is BLOCK (an ALERT budget stays WARN). Raises BUDGET_WARNING and BUDGET_EXCEEDED at each crossing
 * and BUDGET_RECOVERED when a new period starts (or a larger amount) brings a warned or blocked
 * budget back down.
 *
 * <p>A status is written at once when the state changes, otherwise at most once per emit interval
 * of event time; a wall-clock punctuation writes pending statuses, starts new periods when the
 * clock passes the period's end (a blocked scope receives no traffic, so no event would), applies
 * changed amounts and actions, and deletes (tombstones) the status of a budget no policy defines
 * any more.
 */
public final class BudgetProcessor
    implements Processor<String, BudgetCharge, String, BudgetOutput> {

  private static final Logger log = LoggerFactory.getLogger(BudgetProcessor.class);

  private final CostIngestorConfig.Budgets config;
  private final long emitMs;
  private ProcessorContext<String, BudgetOutput> context;
  private KeyValueStore<String, BudgetSpend> store;
  private PolicySnapshot policies;

  public BudgetProcessor(CostIngestorConfig.Budgets config) {
    this.config = config;
    this.emitMs = config.emitInterval().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, BudgetOutput> context) {
    this.context = context;
    this.store = context.getStateStore(CostIngestorNames.BUDGET_STORE);
    this.policies =
        new PolicySnapshot(
            context.getStateStore(CostIngestorNames.POLICIES_STORE),
            config.definitionRefresh().toMillis(),
            context::currentSystemTimeMs);
    context.schedule(config.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, BudgetCharge> record) {
    BudgetCharge charge = record.value();
    if (charge == null) {
      return;
    }
    String scope = record.key();
    long time = record.timestamp();
    BudgetSpend s = store.get(scope);
    boolean changed = false;
    if (s == null) {
      s = new BudgetSpend(charge.budget(), time);
      changed = true;
    } else {
      changed |= redefine(scope, s, charge.budget(), time);
    }
    if (time < s.periodStart) {
      log.debug(
          "Charge {} to {} at {} belongs to a past period; not counted in the current one",
          charge.eventId(),
          scope,
          Instant.ofEpochMilli(time));
      store.put(scope, s);
      return;
    }
    if (time >= s.periodEnd) {
      rollover(scope, s, time);
      changed = true;
    }
    s.spend = s.spend.add(charge.cost());
    s.lastEventTime = Math.max(s.lastEventTime, time);
    changed |= evaluate(scope, s, s.lastEventTime);
    if (changed
        || emitMs == 0
        || s.lastEmitted == Long.MIN_VALUE
        || s.lastEventTime - s.lastEmitted >= emitMs) {
      emit(scope, s);
    } else {
      s.dirty = true;
    }
    store.put(scope, s);
  }

  private void punctuate(long now) {
    BudgetDefinitions defined = policies.get();
    List<KeyValue<String, BudgetSpend>> updates = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    try (KeyValueIterator<String, BudgetSpend> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, BudgetSpend> kv = all.next();
        String scope = kv.key;
        BudgetSpend s = kv.value;
        BudgetDefinition def = defined.get(scope);
        if (def == null) {
          removed.add(scope);
          continue;
        }
        boolean changed = redefine(scope, s, def, now);
        if (now >= s.periodEnd) {
          rollover(scope, s, now);
          changed = true;
        }
        if (changed || s.dirty) {
          updates.add(kv);
        }
      }
    }
    for (KeyValue<String, BudgetSpend> kv : updates) {
      emit(kv.key, kv.value);
      store.put(kv.key, kv.value);
    }
    for (String scope : removed) {
      log.info("Budget {} is no longer defined by any policy: its status is deleted", scope);
      store.delete(scope);
      context.forward(new Record<>(scope, new BudgetOutput.Status(null), now));
    }
  }

  /** Applies a changed amount, action or period; returns whether anything changed. */
  private boolean redefine(String scope, BudgetSpend s, BudgetDefinition def, long time) {
    BudgetDefinition old = s.budget;
    if (old.equals(def)) {
      return false;
    }
    s.budget = def;
    if (old.period() != def.period()) {
      log.info("Budget {}: period changed from {} to {}", scope, old.period(), def.period());
      long at = Math.max(time, s.lastEventTime);
      s.startPeriodAt(at);
    }
    evaluate(scope, s, Math.max(s.lastEventTime, s.periodStart));
    return true;
  }

  private void rollover(String scope, BudgetSpend s, long time) {
    int before = s.level;
    BudgetState stateBefore = s.state;
    String endedPeriod = Instant.ofEpochMilli(s.periodStart).toString();
    BigDecimal endedSpend = s.spend;
    s.startPeriodAt(time);
    s.level = 0;
    s.state = BudgetState.OK;
    if (before > 0) {
      alert(
          scope,
          s,
          AlertKind.BUDGET_RECOVERED,
          AlertSeverity.INFO,
          "Budget "
              + scope
              + ": a new "
              + s.budget.period().name().toLowerCase()
              + " started at "
              + Instant.ofEpochMilli(s.periodStart)
              + "; the period from "
              + endedPeriod
              + " ended at "
              + money(endedSpend)
              + " of "
              + money(s.budget.amount())
              + " USD ("
              + stateBefore
              + "). Spend starts again from 0"
              + (stateBefore == BudgetState.BLOCK ? " and routing is unblocked." : "."),
          endedSpend,
          null,
          s.periodStart);
    }
  }

  /** Recomputes level and state and raises the alerts of any crossing. */
  private boolean evaluate(String scope, BudgetSpend s, long time) {
    BigDecimal amount = s.budget.amount();
    int level = s.levelFor(amount);
    BudgetState state = BudgetSpend.stateFor(level, s.budget.action());
    int before = s.level;
    BudgetState stateBefore = s.state;
    if (level == before && state == stateBefore) {
      return false;
    }
    s.level = level;
    s.state = state;
    BigDecimal warnAt = amount.multiply(BudgetSpend.WARN_RATIO);
    if (level > before) {
      if (before < 1) {
        alert(
            scope,
            s,
            AlertKind.BUDGET_WARNING,
            AlertSeverity.WARNING,
            "Budget "
                + scope
                + " has used "
                + percent(s)
                + " of "
                + money(amount)
                + " USD this "
                + s.budget.period().name().toLowerCase()
                + " (warning at 80%); forecast at period end: "
                + money(s.forecast())
                + " USD.",
            s.spend,
            warnAt,
            time);
      }
      if (level == 2) {
        exceeded(scope, s, time);
      }
    } else if (level == before && state == BudgetState.BLOCK) {
      exceeded(scope, s, time);
    } else {
      alert(
          scope,
          s,
          AlertKind.BUDGET_RECOVERED,
          AlertSeverity.INFO,
          "Budget "
              + scope
              + " is back to "
              + state
              + ": "
              + money(s.spend)
              + " of "
              + money(amount)
              + " USD ("
              + percent(s)
              + ")"
              + (stateBefore == BudgetState.BLOCK ? "; routing is unblocked." : "."),
          s.spend,
          level == 1 ? warnAt : amount,
          time);
    }
    return true;
  }

  private void exceeded(String scope, BudgetSpend s, long time) {
    boolean block = s.budget.action() == BudgetAction.BLOCK;
    alert(
        scope,
        s,
        AlertKind.BUDGET_EXCEEDED,
        AlertSeverity.CRITICAL,
        "Budget "
            + scope
            + " is exceeded: "
            + money(s.spend)
            + " of "
            + money(s.budget.amount())
            + " USD this "
            + s.budget.period().name().toLowerCase()
            + " ("
            + percent(s)
            + "). "
            + (block
                ? "Action BLOCK: the router rejects invocations in this scope until the period ends"
                    + " or the budget is raised."
                : "Action ALERT: routing continues."),
        s.spend,
        s.budget.amount(),
        time);
  }

  private void emit(String scope, BudgetSpend s) {
    s.lastEmitted = Math.max(s.lastEmitted, s.lastEventTime);
    s.dirty = false;
    context.forward(
        new Record<>(scope, new BudgetOutput.Status(s.toRecord(scope)), s.lastEventTime));
  }

  private void alert(
      String scope,
      BudgetSpend s,
      AlertKind kind,
      AlertSeverity severity,
      String message,
      BigDecimal amount,
      BigDecimal threshold,
      long time) {
    log.info("{}: {}", kind, message);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("policy", s.budget.policyFunction());
    labels.put("period", s.budget.period().name());
    labels.put("periodStart", Instant.ofEpochMilli(s.periodStart).toString());
    labels.put("action", s.budget.action().name());
    labels.put("state", s.state.name());
    FinOpsAlert alert =
        FinOpsAlert.newBuilder()
            .setAlertId(
                scope
                    + "/"
                    + kind
                    + "/"
                    + Instant.ofEpochMilli(s.periodStart)
                    + (kind == AlertKind.BUDGET_RECOVERED ? "/" + Instant.ofEpochMilli(time) : ""))
            .setScope(scope)
            .setKind(kind)
            .setSeverity(severity)
            .setMessage(message)
            .setAmount(amount == null ? null : amount.setScale(24, RoundingMode.HALF_EVEN))
            .setThreshold(threshold == null ? null : threshold.setScale(24, RoundingMode.HALF_EVEN))
            .setRaisedAt(Instant.ofEpochMilli(time))
            .setLabels(labels)
            .build();
    context.forward(new Record<>(scope, new BudgetOutput.Alert(alert), time));
  }

  private static String money(BigDecimal v) {
    return v.setScale(
            Math.max(2, Math.min(v.stripTrailingZeros().scale(), 6)), RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private static String percent(BudgetSpend s) {
    return s.spend
            .multiply(BigDecimal.valueOf(100))
            .divide(s.budget.amount(), 1, RoundingMode.HALF_EVEN)
            .toPlainString()
        + "%";
  }
}
