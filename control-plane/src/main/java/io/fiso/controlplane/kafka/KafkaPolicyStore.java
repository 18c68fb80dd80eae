package io.fiso.controlplane.kafka;

import io.fiso.avro.RoutingPolicy;
import io.fiso.controlplane.HealthCheck;
import io.fiso.controlplane.backend.BackendUnavailableException;
import io.fiso.controlplane.invocation.KafkaUnavailableException;
import io.fiso.controlplane.policy.PolicyStore;
import io.fiso.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies on the compacted {@code fiso.policies} topic: read through a {@link CompactedTopicView},
 * written with the shared idempotent producer. A write returns once the view shows it, so a {@code
 * GET} right after a {@code PUT} sees the new version. Writes in this process are serialized, so
 * two concurrent PUTs of one function get consecutive versions.
 */
public final class KafkaPolicyStore implements PolicyStore {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaPolicyStore.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(10);

  /** "*" first, then by name. */
  static final Comparator<String> FUNCTION_ORDER =
      Comparator.comparing((String f) -> !f.equals("*")).thenComparing(Comparator.naturalOrder());

  private final CompactedTopicView<RoutingPolicy> view;
  private final Producer<String, byte[]> producer;
  private final AvroSerializer<RoutingPolicy> serializer;
  private final Clock clock;
  private final Object writeLock = new Object();

  public KafkaPolicyStore(
      CompactedTopicView<RoutingPolicy> view,
      Producer<String, byte[]> producer,
      AvroSerializer<RoutingPolicy> serializer,
      Clock clock) {
    this.view = view;
    this.producer = producer;
    this.serializer = serializer;
    this.clock = clock;
  }

  private void requireLoaded() {
    if (!view.loaded()) {
      throw new BackendUnavailableException(
          "The policies are still loading from "
              + view.topic()
              + ": "
              + view.readiness("policies").detail());
    }
  }

  @Override
  public List<RoutingPolicy> list() {
    requireLoaded();
    return view.snapshot().entrySet().stream()
        .sorted((a, b) -> FUNCTION_ORDER.compare(a.getKey(), b.getKey()))
        .map(e -> e.getValue())
        .toList();
  }

  @Override
  public Optional<RoutingPolicy> get(String function) {
    requireLoaded();
    return view.get(function);
  }

  @Override
  public RoutingPolicy put(RoutingPolicy policy) {
    synchronized (writeLock) {
      requireLoaded();
      String function = policy.getFunction();
      long version = view.get(function).map(p -> p.getVersion() + 1).orElse(1L);
      RoutingPolicy written =
          RoutingPolicy.newBuilder(policy)
              .setVersion(version)
              .setUpdatedAt(clock.instant())
              .build();
      byte[] value;
      try {
        value = serializer.serialize(view.topic(), written);
      } catch (SerializationException e) {
        throw new KafkaUnavailableException(
            "Could not encode the policy of "
                + function
                + " for "
                + view.topic()
                + " (is the schema registry reachable?): "
                + e.getMessage(),
            e);
      }
      write(function, value);
      LOG.info("Wrote policy {} version {} to {}", function, version, view.topic());
      return written;
    }
  }

  @Override
  public Optional<RoutingPolicy> delete(String function) {
    synchronized (writeLock) {
      requireLoaded();
      Optional<RoutingPolicy> current = view.get(function);
      if (current.isPresent()) {
        write(function, null);
        LOG.info("Deleted the policy of {} from {}", function, view.topic());
      }
      return current;
    }
  }

  private void write(String function, byte[] value) {
    RecordMetadata metadata;
    try {
      metadata =
          producer
              .send(new ProducerRecord<>(view.topic(), function, value))
              .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("Interrupted while writing to " + view.topic(), e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new KafkaUnavailableException(
          "Could not write the policy of "
              + function
              + " to "
              + view.topic()
              + ": "
              + cause.getMessage(),
          cause);
    }
    try {
      if (!view.awaitApplied(metadata.partition(), metadata.offset(), VISIBLE_TIMEOUT)) {
        LOG.warn(
            "The policy of {} was written to {}-{} offset {} but is not visible here after {}",
            function,
            metadata.topic(),
            metadata.partition(),
            metadata.offset(),
            VISIBLE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public HealthCheck readiness() {
    return view.readiness("policies");
  }

  @Override
  public void close() {
    view.close();
  }
}
