package io.fiso.bench.harness;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a Kafka Streams application got, read from its consumer group's committed offsets: the
 * records of the source topic it committed, and whether every internal repartition topic it reads
 * has been consumed to its end. For applications whose outputs are not one per input (an
 * aggregation), committed offsets are what "done" means. Under exactly-once the end of a partition
 * may be a transaction marker the group never commits past, so one record of lag per partition is
 * tolerated.
 */
public final class GroupProgress {

  private final Admin admin;
  private final String groupId;
  private final String source;
  private final String internalPrefix;

  /**
   * @param groupId the application id
   * @param source the input topic whose committed records count as progress
   */
  public GroupProgress(Admin admin, String groupId, String source) {
    this.admin = admin;
    this.groupId = groupId;
    this.source = source;
    this.internalPrefix = groupId + "-";
  }

  /** One reading. */
  public record Reading(long sourceCommitted, long internalLag) {}

  public Reading read() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      long sourceCommitted = 0;
      Map<TopicPartition, OffsetSpec> internal = new HashMap<>();
      for (var e : committed.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        String topic = e.getKey().topic();
        if (topic.equals(source)) {
          sourceCommitted += e.getValue().offset();
        } else if (topic.startsWith(internalPrefix) && topic.endsWith("-repartition")) {
          internal.put(e.getKey(), OffsetSpec.latest());
        }
      }
      long lag = 0;
      if (!internal.isEmpty()) {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
            admin.listOffsets(internal).all().get(10, TimeUnit.SECONDS);
        for (var e : ends.entrySet()) {
          long behind = e.getValue().offset() - committed.get(e.getKey()).offset();
          lag += Math.max(0, behind - 1);
        }
      }
      return new Reading(sourceCommitted, lag);
    } catch (ExecutionException | TimeoutException e) {
      return new Reading(-1, Long.MAX_VALUE); // the group is not there yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading group " + groupId, e);
    }
  }
}
