package io.fiso.devstack.junit;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicAdmin;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test's view of the shared test Kafka: the broker and registry addresses, a shared {@link
 * Admin}, and names unique to this test ({@link #topicPrefix()}). Resolved by {@link
 * KafkaExtension} as a test, {@code @BeforeEach} or {@code @BeforeAll} parameter. The topics under
 * this prefix are deleted after the test.
 */
public final class KafkaTestEnv implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaTestEnv.class);

  private final SharedKafka shared;
  private final String prefix;
  private TopicCatalog topics;

  KafkaTestEnv(SharedKafka shared, String prefix) {
    this.shared = shared;
    this.prefix = prefix;
  }

  /** {@code host:port[,...]} of the broker. */
  public String bootstrapServers() {
    return shared.bootstrapServers();
  }

  /** Base URL of the Confluent-compatible schema registry, e.g. {@code http://127.0.0.1:40321}. */
  public String schemaRegistryUrl() {
    return shared.schemaRegistryUrl();
  }

  /** An admin client shared by all tests; do not close it. */
  public Admin admin() {
    return shared.admin();
  }

  /** Unique to this test, e.g. {@code t12-routesByPolicy.}; prefixes every name the test makes. */
  public String topicPrefix() {
    return prefix;
  }

  /** {@code topicPrefix() + base}: a unique topic, group id or application id for this test. */
  public String name(String base) {
    return prefix + base;
  }

  /**
   * The FISO topic catalog under this test's prefix, its topics created (on the first call) with
   * {@link TopicAdmin#ensureTopics} at replication factor 1.
   */
  public synchronized TopicCatalog topics() {
    if (topics == null) {
      TopicCatalog catalog = TopicCatalog.DEFAULT.withPrefix(prefix);
      try {
        TopicAdmin.Report report = TopicAdmin.ensureTopics(admin(), catalog.all(), (short) 1);
        if (!report.consistent()) {
          throw new IllegalStateException(
              "Test topics under " + prefix + " differ from the catalog: " + report.differences());
        }
        awaitTopics(catalog.all().stream().map(TopicSpec::name).toList());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating test topics " + prefix, e);
      }
      topics = catalog;
    }
    return topics;
  }

  /**
   * Waits until every broker's metadata knows {@code topics}. A created topic is committed by the
   * controller a little before brokers can describe it; producers wait by themselves, admin calls
   * do not.
   */
  public void awaitTopics(Collection<String> topics) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin().describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Topics " + topics + " did not become visible: " + e.getCause(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Topics " + topics + " did not become visible in time", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + topics, e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + topics, e);
      }
    }
  }

  /**
   * The member ids of consumer group {@code groupId} now (empty when nobody is in it), e.g. to
   * check that an application left its group when it stopped.
   */
  public List<String> groupMembers(String groupId) {
    try {
      return admin()
          .describeConsumerGroups(List.of(groupId))
          .describedGroups()
          .get(groupId)
          .get(30, TimeUnit.SECONDS)
          .members()
          .stream()
          .map(m -> m.consumerId())
          .toList();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot describe consumer group " + groupId + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing group " + groupId, e);
    }
  }

  /** Client properties reaching the broker ({@code bootstrap.servers}); add your own on top. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", bootstrapServers());
    return props;
  }

  /**
   * FISO settings pointing at this test Kafka (and nothing from the environment), for code that is
   * configured through {@link FisoSettings}.
   */
  public FisoSettings settings() {
    return FisoSettings.builder()
        .environment(Map.of())
        .set(FisoSettings.BOOTSTRAP_SERVERS, bootstrapServers())
        .set(FisoSettings.SCHEMA_REGISTRY_URL, schemaRegistryUrl())
        .build();
  }

  /** What the tests run against, e.g. "embedded Kafka 4.4.0 at 127.0.0.1:40123". */
  public String backend() {
    return shared.description();
  }

  SharedKafka shared() {
    return shared;
  }

  /** Deletes the topics this test created under its prefix. Called by JUnit after the test. */
  @Override
  public void close() {
    try {
      List<String> mine =
          admin().listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> name.startsWith(prefix))
              .toList();
      if (!mine.isEmpty()) {
        log.debug("Deleting the {} test topics under {}", mine.size(), prefix);
        admin().deleteTopics(mine).all().get(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("Could not delete the test topics under {}: {}", prefix, e.toString());
    }
  }

  @Override
  public String toString() {
    return "KafkaTestEnv[" + prefix + " on " + backend() + "]";
  }
}
