package io.fiso.costs.budget;

import io.fiso.avro.BudgetAction;
import io.fiso.avro.BudgetPeriod;
import io.fiso.avro.BudgetState;
import io.fiso.avro.BudgetStatus;
import io.fiso.costs.state.StateSerde;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/** Spend of one budget scope in its current period. Mutable; owned by one stream task. */
public final class BudgetSpend {

  /** WARN from this share of the amount. */
  public static final BigDecimal WARN_RATIO = new BigDecimal("0.8");

  /** The burn rate is measured over at least this much of the period (see {@link #forecast}). */
  static final long MIN_ELAPSED_MS = Duration.ofHours(1).toMillis();

  BudgetDefinition budget;
  long periodStart;
  long periodEnd;
  BigDecimal spend = BigDecimal.ZERO;
  long lastEventTime;

  /** 0 below 80%, 1 from 80%, 2 from 100%. */
  int level;

  BudgetState state = BudgetState.OK;
  long lastEmitted = Long.MIN_VALUE;
  boolean dirty;

  BudgetSpend(BudgetDefinition budget, long time) {
    this.budget = budget;
    startPeriodAt(time);
  }

  private BudgetSpend() {}

  void startPeriodAt(long time) {
    periodStart = Periods.start(budget.period(), time);
    periodEnd = Periods.end(budget.period(), periodStart);
    spend = BigDecimal.ZERO;
    lastEventTime = periodStart;
  }

  int levelFor(BigDecimal amount) {
    if (spend.compareTo(amount) >= 0) {
      return 2;
    }
    return spend.compareTo(amount.multiply(WARN_RATIO)) >= 0 ? 1 : 0;
  }

  static BudgetState stateFor(int level, BudgetAction action) {
    if (level == 2 && action == BudgetAction.BLOCK) {
      return BudgetState.BLOCK;
    }
    return level >= 1 ? BudgetState.WARN : BudgetState.OK;
  }

  /**
   * Spend at period end at the burn rate so far: {@code spend × period / elapsed}, with the elapsed
   * time measured to the last event and at least one hour (so the first minutes of a period do not
   * extrapolate wildly); never less than the spend.
   */
  BigDecimal forecast() {
    long elapsed = Math.max(lastEventTime - periodStart, MIN_ELAPSED_MS);
    long length = periodEnd - periodStart;
    if (elapsed >= length) {
      return spend.setScale(24, RoundingMode.HALF_EVEN);
    }
    BigDecimal f =
        spend
            .multiply(BigDecimal.valueOf(length))
            .divide(BigDecimal.valueOf(elapsed), 24, RoundingMode.HALF_EVEN);
    return f.max(spend).setScale(24, RoundingMode.HALF_EVEN);
  }

  BudgetStatus toRecord(String scope) {
    return BudgetStatus.newBuilder()
        .setScope(scope)
        .setPolicyFunction(budget.policyFunction())
        .setPeriod(budget.period())
        .setPeriodStart(Instant.ofEpochMilli(periodStart))
        .setPeriodEnd(Instant.ofEpochMilli(periodEnd))
        .setAmount(budget.amount().setScale(24, RoundingMode.UNNECESSARY))
        .setSpend(spend.setScale(24, RoundingMode.UNNECESSARY))
        .setForecast(forecast())
        .setUtilization(spend.divide(budget.amount(), MathContext.DECIMAL64).doubleValue())
        .setState(state)
        .setAction(budget.action())
        .setUpdatedAt(Instant.ofEpochMilli(lastEventTime))
        .build();
  }

  public static final StateSerde<BudgetSpend> SERDE =
      new StateSerde<>(
          "budget state",
          1,
          (s, out) -> {
            out.writeUTF(s.budget.scope());
            out.writeUTF(s.budget.policyFunction());
            StateSerde.writeDecimal(out, s.budget.amount());
            out.writeUTF(s.budget.period().name());
            out.writeUTF(s.budget.action().name());
            out.writeLong(s.periodStart);
            out.writeLong(s.periodEnd);
            StateSerde.writeDecimal(out, s.spend);
            out.writeLong(s.lastEventTime);
            out.writeInt(s.level);
            out.writeUTF(s.state.name());
            out.writeLong(s.lastEmitted);
            out.writeBoolean(s.dirty);
          },
          (format, in) -> {
            BudgetSpend s = new BudgetSpend();
            s.budget =
                new BudgetDefinition(
                    in.readUTF(),
                    in.readUTF(),
                    StateSerde.readDecimal(in),
                    BudgetPeriod.valueOf(in.readUTF()),
                    BudgetAction.valueOf(in.readUTF()));
            s.periodStart = in.readLong();
            s.periodEnd = in.readLong();
            s.spend = StateSerde.readDecimal(in);
            s.lastEventTime = in.readLong();
            s.level = in.readInt();
            s.state = BudgetState.valueOf(in.readUTF());
            s.lastEmitted = in.readLong();
            s.dirty = in.readBoolean();
            return s;
          });
}
