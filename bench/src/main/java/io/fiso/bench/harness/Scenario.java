package io.fiso.bench.harness;

import java.util.List;
import java.util.Map;

/**
 * Something a benchmark measures: how to start it on an input topic, which topics it writes and
 * what counts as a record done. Each run gets a fresh tag, so runs never share output topics,
 * consumer groups or state.
 */
public interface Scenario {

  /** Shown in reports, e.g. {@code plain consume→produce, ALOS}. */
  String name();

  /** The topics a run writes (name → partitions), created before it starts. */
  Map<String, Integer> outputTopics(String tag);

  /** Output topics that must stay empty (dead letters): a record there fails the run. */
  default List<String> mustStayEmpty(String tag) {
    return List.of();
  }

  /** Starts the system under test on {@code inputTopic}, for run {@code tag}. */
  Subject start(String tag, String inputTopic);

  /**
   * Topics whose records count as progress, for systems that commit no offsets (share groups);
   * empty (the default) to count the input records the consumer group committed.
   */
  default List<String> countedOutputs(String tag) {
    return List.of();
  }

  /**
   * The consumer group (application id) of run {@code tag}, for systems measured by committed
   * offsets ({@link Runs#drainByGroup}); null for the others.
   */
  default String groupId(String tag) {
    return null;
  }

  /**
   * What splits an open-loop run's latency into stages from the output records (a new one per run
   * {@code tag}); null (the default) for none.
   */
  default OutputObserver observer(String tag) {
    return null;
  }

  /**
   * Whether every thread of run {@code tag} carries the tag in its name (Kafka Streams names its
   * threads after the application id), so a drain can split this JVM's CPU time between the system,
   * the broker and the JVM ({@link ThreadCpu}); false (the default) where they do not.
   */
  default boolean threadsNamedByTag() {
    return false;
  }
}
