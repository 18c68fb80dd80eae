package io.fiso.costs;

/**
 * Names of every processor, state store and repartition topic of the cost-ingestor topology, shared
 * by the topology, its tests and the interactive queries. Changelog and repartition topics are
 * {@code <application.id>-<name>-changelog} / {@code -repartition}: renaming one loses its state,
 * so these are part of the deployment contract.
 */
public final class CostIngestorNames {

  // Sources and global tables.
  public static final String COST_SOURCE = "cost-source";
  public static final String PRICES_SOURCE = "prices-source";
  public static final String PRICES_STORE = "prices-store";
  public static final String POLICIES_SOURCE = "policies-source";
  public static final String POLICIES_STORE = "policies-store";

  // Decoding, validation, dead letters.
  public static final String VALIDATE = "cost-validate";
  public static final String DEDUP_STORE = "cost-dedup-store";
  public static final String SPLIT = "cost-split-";
  public static final String VALID_BRANCH = "valid";
  public static final String REJECTED_BRANCH = "rejected";
  public static final String TO_DEAD_LETTER = "cost-deadletter-values";
  public static final String DEAD_LETTER_SINK = "cost-deadletter-sink";
  public static final String VALID_EVENTS = "cost-valid-events";

  // Provider statistics.
  public static final String STATS_SAMPLE = "stats-sample";
  public static final String STATS_REPARTITION = "stats";
  public static final String STATS_PROCESSOR = "stats-aggregate";
  public static final String STATS_STORE = "provider-stats-store";
  public static final String STATS_SPLIT = "stats-split-";
  public static final String STATS_RECORDS = "stats-records";
  public static final String STATS_SINK = "provider-stats-sink";

  // Rollups.
  public static final String ROLLUP_KEYS = "rollup-keys";
  public static final String ROLLUP_GROUP = "rollup";
  public static final String ROLLUP_MINUTE_AGGREGATE = "rollup-minute-aggregate";
  public static final String ROLLUP_HOUR_AGGREGATE = "rollup-hour-aggregate";
  public static final String ROLLUP_MINUTE_STORE = "cost-rollup-minute-store";
  public static final String ROLLUP_HOUR_STORE = "cost-rollup-hour-store";

  // Budgets.
  public static final String BUDGET_MATCH = "budget-match";
  public static final String BUDGET_REPARTITION = "budget";
  public static final String BUDGET_PROCESSOR = "budget-aggregate";
  public static final String BUDGET_STORE = "budget-store";
  public static final String BUDGET_SPLIT = "budget-split-";
  public static final String BUDGET_RECORDS = "budget-records";
  public static final String BUDGET_STATUS_SINK = "budget-status-sink";

  // Alerts, from statistics and budgets.
  public static final String ALERTS = "alerts";
  public static final String STATS_ALERTS = "stats-alerts";
  public static final String BUDGET_ALERTS = "budget-alerts";
  public static final String STATS_ALERT_SINK = "stats-alert-sink";
  public static final String BUDGET_ALERT_SINK = "budget-alert-sink";

  /** The stage named in dead letters. */
  public static final String STAGE = "cost-ingestor";

  private CostIngestorNames() {}
}
