package io.fiso.costs.replay;

import java.time.Instant;
import java.util.Map;

/**
 * What a replay read.
 *
 * @param from start of the range (inclusive), by ChargePeriodStart
 * @param to end of the range (exclusive)
 * @param recordsRead records read from the topic between the start and end offsets
 * @param events cost events in the range handed to the sink
 * @param undecodable records that are not cost events (skipped)
 * @param invalid cost events the cost-ingestor would reject (skipped)
 * @param duplicates repeated event ids (skipped)
 * @param startOffsets per partition: the first offset read (offsetsForTimes)
 * @param endOffsets per partition: the end offsets captured when the replay began
 */
public record ReplaySummary(
    Instant from,
    Instant to,
    long recordsRead,
    long events,
    long undecodable,
    long invalid,
    long duplicates,
    Map<Integer, Long> startOffsets,
    Map<Integer, Long> endOffsets) {}
