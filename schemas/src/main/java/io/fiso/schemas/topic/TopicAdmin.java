package io.fiso.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the catalog's topics. Idempotent: what exists is left alone, and every way an existing
 * topic differs from the catalog is reported, never silently changed.
 */
public final class TopicAdmin {

  /** One way a live topic differs from the catalog. */
  public record Difference(String topic, String setting, String expected, String actual) {
    @Override
    public String toString() {
      return topic + ": " + setting + " is " + actual + ", the catalog says " + expected;
    }
  }

  /** What {@link #ensureTopics} did. */
  public record Report(List<String> created, List<String> existing, List<Difference> differences) {
    public boolean consistent() {
      return differences.isEmpty();
    }
  }

  private TopicAdmin() {}

  /**
   * Creates each missing topic with the catalog's partitions and configs, then compares existing
   * topics' partition counts and configs with the catalog.
   *
   * @param replicationFactor replication of new topics (1 on a single broker, 3 in production)
   */
  public static Report ensureTopics(
      Admin admin, Collection<TopicSpec<?>> specs, short replicationFactor)
      throws InterruptedException {
    try {
      Set<String> live = admin.listTopics().names().get();
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicSpec<?> spec : specs) {
        if (!live.contains(spec.name())) {
          toCreate.add(
              new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                  .configs(spec.configs()));
        }
      }
      List<String> created = new ArrayList<>();
      if (!toCreate.isEmpty()) {
        var result = admin.createTopics(toCreate);
        for (NewTopic topic : toCreate) {
          try {
            result.values().get(topic.name()).get();
            created.add(topic.name());
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
            // Another instance created it between our listing and our request: fine.
          }
        }
      }
      Map<String, Integer> createdPartitions = new HashMap<>();
      toCreate.stream()
          .filter(t -> created.contains(t.name()))
          .forEach(t -> createdPartitions.put(t.name(), t.numPartitions()));
      awaitWritable(admin, createdPartitions, Duration.ofSeconds(30));
      List<TopicSpec<?>> existingSpecs =
          specs.stream().filter(s -> !created.contains(s.name())).toList();
      List<Difference> differences = compareWhenVisible(admin, existingSpecs);
      return new Report(
          List.copyOf(created),
          existingSpecs.stream().map(TopicSpec::name).toList(),
          List.copyOf(differences));
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Could not create or inspect FISO topics: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Returns once the leader of every partition serves requests. A new topic is listed (its leader
   * named in the metadata) a moment before the broker acts as that leader; a producer writing in
   * that moment gets NOT_LEADER_OR_FOLLOWER for its first batch, and an idempotent producer whose
   * later batches already landed can then never write that first one (OUT_OF_ORDER_SEQUENCE_NUMBER
   * until its delivery timeout). ListOffsets is answered by the leader itself, so once it succeeds
   * for every partition the topics are writable.
   *
   * @param partitionsByName topic name to partition count
   * @throws IllegalStateException naming the topics when they are not writable within the timeout
   */
  public static void awaitWritable(
      Admin admin, Map<String, Integer> partitionsByName, Duration timeout)
      throws InterruptedException {
    if (partitionsByName.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitionsByName.forEach(
        (name, partitions) -> {
          for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(name, p), OffsetSpec.latest());
          }
        });
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.listOffsets(latest).all().get();
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Topics "
                  + partitionsByName.keySet()
                  + " have no serving leader after "
                  + timeout
                  + ": "
                  + e.getCause().getMessage(),
              e.getCause());
        }
        Thread.sleep(50);
      }
    }
  }

  /**
   * Like {@link #compare}, but waits (up to ten seconds) for topics that another client created a
   * moment ago: for a few milliseconds after creation a broker may still answer
   * UnknownTopicOrPartition for them.
   */
  private static List<Difference> compareWhenVisible(Admin admin, Collection<TopicSpec<?>> specs)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return compare(admin, specs);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Compares live topics with the catalog without changing anything. */
  public static List<Difference> compare(Admin admin, Collection<TopicSpec<?>> specs)
      throws InterruptedException, ExecutionException {
    if (specs.isEmpty()) {
      return List.of();
    }
    List<String> names = specs.stream().map(TopicSpec::name).toList();
    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
    Map<ConfigResource, Config> configs =
        admin
            .describeConfigs(
                names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                    .collect(Collectors.toList()))
            .all()
            .get();
    Map<String, Config> byName = new HashMap<>();
    configs.forEach((resource, config) -> byName.put(resource.name(), config));
    List<Difference> differences = new ArrayList<>();
    for (TopicSpec<?> spec : specs) {
      int partitions = descriptions.get(spec.name()).partitions().size();
      if (partitions != spec.partitions()) {
        differences.add(
            new Difference(
                spec.name(),
                "partitions",
                Integer.toString(spec.partitions()),
                Integer.toString(partitions)));
      }
      Config config = byName.get(spec.name());
      for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
        ConfigEntry entry = config.get(wanted.getKey());
        String actual = entry == null ? "(unset)" : entry.value();
        if (!wanted.getValue().equals(actual)) {
          differences.add(new Difference(spec.name(), wanted.getKey(), wanted.getValue(), actual));
        }
      }
    }
    return differences;
  }
}
