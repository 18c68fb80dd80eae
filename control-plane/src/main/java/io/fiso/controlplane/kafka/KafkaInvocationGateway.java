package io.fiso.controlplane.kafka;

import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.controlplane.HealthCheck;
import io.fiso.controlplane.invocation.InvocationGateway;
import io.fiso.controlplane.invocation.InvocationIds;
import io.fiso.controlplane.invocation.InvocationLookup;
import io.fiso.controlplane.invocation.KafkaUnavailableException;
import io.fiso.controlplane.invocation.PayloadTooLargeException;
import io.fiso.controlplane.invocation.RecentResults;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes requests to {@code fiso.invocations} and matches results from {@code fiso.results}. One
 * consumer thread, assigned every partition of the results topic from its end, completes the
 * futures of waiting requests (held in a map by invocation id) and feeds a bounded cache of recent
 * results; no request polls Kafka itself. Every control plane instance sees every result written
 * after it started, so an invocation submitted to one instance can be fetched from another.
 */
public final class KafkaInvocationGateway implements InvocationGateway {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaInvocationGateway.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

  /** How long past its deadline a request is still reported as pending. */
  static final Duration PENDING_GRACE = Duration.ofMinutes(2);

  private record Pending(
      Instant submittedAt, Instant deadline, CompletableFuture<InvocationResult> future) {}

  private final String invocationsTopic;
  private final String resultsTopic;
  private final Producer<String, byte[]> producer;
  private final AvroSerializer<InvocationRequest> serializer;
  private final AvroDeserializer<InvocationResult> deserializer;
  private final Supplier<Consumer<String, byte[]>> consumerFactory;
  private final Clock clock;
  private final Duration maxPendingAge;
  private final RecentResults recent;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile Consumer<String, byte[]> consumer;
  private volatile boolean closed;
  private volatile boolean assigned;
  private volatile Instant watchingSince;
  private volatile String consumerProblem = "not started";
  private volatile ProduceFailure lastFailure;

  private record ProduceFailure(Instant at, String message) {}

  /** How long a failed write keeps the gateway not ready (unless a write succeeds sooner). */
  static final Duration FAILURE_MEMORY = Duration.ofSeconds(30);

  /**
   * @param consumerFactory makes the results consumer (see {@link KafkaClients#assignedConsumer})
   * @param maxPendingAge how long a request without a deadline stays pending
   */
  public KafkaInvocationGateway(
      String invocationsTopic,
      String resultsTopic,
      Producer<String, byte[]> producer,
      AvroSerializer<InvocationRequest> serializer,
      AvroDeserializer<InvocationResult> deserializer,
      Supplier<Consumer<String, byte[]>> consumerFactory,
      int resultsCacheSize,
      Duration maxPendingAge,
      Clock clock) {
    this.invocationsTopic = invocationsTopic;
    this.resultsTopic = resultsTopic;
    this.producer = producer;
    this.serializer = serializer;
    this.deserializer = deserializer;
    this.consumerFactory = consumerFactory;
    this.recent = new RecentResults(resultsCacheSize);
    this.maxPendingAge = maxPendingAge;
    this.clock = clock;
    this.thread = new Thread(this::run, "fiso-results-" + resultsTopic);
    this.thread.setDaemon(true);
  }

  /** Starts the results consumer. */
  public KafkaInvocationGateway start() {
    consumerProblem = "assigning the partitions of " + resultsTopic;
    thread.start();
    return this;
  }

  @Override
  public CompletableFuture<InvocationResult> invoke(InvocationRequest request) {
    CompletableFuture<InvocationResult> future = new CompletableFuture<>();
    String id = request.getInvocationId();
    pending.put(id, new Pending(clock.instant(), deadlineOf(request), future));
    write(request)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                pending.remove(id);
                future.completeExceptionally(error);
              }
            });
    return future;
  }

  @Override
  public CompletableFuture<Void> submit(InvocationRequest request) {
    String id = request.getInvocationId();
    pending.put(id, new Pending(clock.instant(), deadlineOf(request), new CompletableFuture<>()));
    CompletableFuture<Void> written = write(request);
    written.whenComplete(
        (ok, error) -> {
          if (error != null) {
            pending.remove(id);
          }
        });
    return written;
  }

  private Instant deadlineOf(InvocationRequest request) {
    return request.getDeadline() != null
        ? request.getDeadline()
        : request.getRequestedAt().plus(maxPendingAge);
  }

  private CompletableFuture<Void> write(InvocationRequest request) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    String id = request.getInvocationId();
    byte[] value;
    try {
      value = serializer.serialize(invocationsTopic, request);
    } catch (SerializationException e) {
      lastFailure = new ProduceFailure(clock.instant(), e.getMessage());
      written.completeExceptionally(
          new KafkaUnavailableException(
              "Could not encode invocation "
                  + id
                  + " for "
                  + invocationsTopic
                  + " (is the schema registry reachable?): "
                  + e.getMessage(),
              e));
      return written;
    }
    try {
      producer.send(
          new ProducerRecord<>(invocationsTopic, id, value),
          (metadata, error) -> {
            if (error == null) {
              lastFailure = null;
              written.complete(null);
            } else {
              written.completeExceptionally(classify(id, error));
            }
          });
    } catch (KafkaException e) {
      written.completeExceptionally(classify(id, e));
    }
    return written;
  }

  private RuntimeException classify(String id, Exception error) {
    if (error instanceof RecordTooLargeException) {
      return new PayloadTooLargeException(
          "Kafka refused invocation "
              + id
              + " as too large for "
              + invocationsTopic
              + " ("
              + error.getMessage()
              + "): raise the topic's max.message.bytes and the broker's message.max.bytes, or"
              + " send a smaller payload",
          error);
    }
    lastFailure = new ProduceFailure(clock.instant(), error.toString());
    return new KafkaUnavailableException(
        "Could not write invocation " + id + " to " + invocationsTopic + ": " + error.getMessage(),
        error);
  }

  @Override
  public InvocationLookup lookup(String invocationId) {
    Optional<InvocationResult> result = recent.get(invocationId);
    if (result.isPresent()) {
      return new InvocationLookup.Found(result.get());
    }
    Pending p = pending.get(invocationId);
    if (p != null) {
      return new InvocationLookup.Pending(p.submittedAt(), p.deadline());
    }
    Instant since = watchingSince;
    Optional<Instant> created = InvocationIds.createdAt(invocationId);
    boolean older =
        created.isPresent()
            && ((since != null && created.get().isBefore(since))
                || !created.get().isAfter(recent.evictedUpTo()));
    return new InvocationLookup.Unknown(since, older);
  }

  @Override
  public HealthCheck readiness() {
    if (!assigned || !thread.isAlive()) {
      return HealthCheck.failing("results-consumer", consumerProblem);
    }
    ProduceFailure failure = lastFailure;
    if (failure != null && failure.at().isAfter(clock.instant().minus(FAILURE_MEMORY))) {
      return HealthCheck.failing(
          "producer", "a write failed at " + failure.at() + ": " + failure.message());
    }
    return HealthCheck.ok(
        "results-consumer",
        "following " + resultsTopic + " since " + watchingSince + ", " + recent.size() + " cached");
  }

  /** Requests waiting for a result (sync and async). */
  public int pendingCount() {
    return pending.size();
  }

  private void run() {
    try (Consumer<String, byte[]> c = consumerFactory.get()) {
      consumer = c;
      Instant nextRefresh = Instant.MIN;
      while (!closed) {
        if (!assigned) {
          if (!assignFromEnd(c)) {
            sleep(Duration.ofSeconds(2));
            continue;
          }
          nextRefresh = clock.instant().plus(PARTITION_REFRESH);
        }
        ConsumerRecords<String, byte[]> records;
        try {
          records = c.poll(POLL);
        } catch (WakeupException | InterruptException e) {
          throw e;
        } catch (KafkaException e) {
          consumerProblem = "cannot read " + resultsTopic + ": " + e.getMessage();
          LOG.warn("Reading {} failed: {}; retrying", resultsTopic, e.toString());
          sleep(Duration.ofSeconds(1));
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
          accept(record);
        }
        Instant now = clock.instant();
        if (now.isAfter(nextRefresh)) {
          addNewPartitions(c);
          expirePending(now);
          nextRefresh = now.plus(PARTITION_REFRESH);
        }
      }
    } catch (WakeupException | InterruptException e) {
      // closing
    } catch (RuntimeException e) {
      consumerProblem = "the results consumer stopped: " + e;
      LOG.error("The consumer of {} stopped; sync orchestrations will time out", resultsTopic, e);
    }
  }

  private boolean assignFromEnd(Consumer<String, byte[]> c) {
    try {
      List<PartitionInfo> infos = c.partitionsFor(resultsTopic, Duration.ofSeconds(5));
      if (infos == null || infos.isEmpty()) {
        consumerProblem =
            "topic "
                + resultsTopic
                + " does not exist: create FISO's topics with `fiso topics create`";
        LOG.warn("Topic {} does not exist yet; retrying", resultsTopic);
        return false;
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(resultsTopic, p.partition())).toList();
      c.assign(partitions);
      c.seekToEnd(partitions);
      // Resolve the end positions now: a result written after this point is never missed.
      for (TopicPartition tp : partitions) {
        c.position(tp, Duration.ofSeconds(10));
      }
      watchingSince = clock.instant();
      assigned = true;
      LOG.debug(
          "Following {} ({} partitions) from its end for invocation results",
          resultsTopic,
          partitions.size());
      return true;
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      consumerProblem = "cannot reach Kafka to follow " + resultsTopic + ": " + e.getMessage();
      LOG.warn("Cannot follow {} yet: {}; retrying", resultsTopic, e.toString());
      return false;
    }
  }

  private void addNewPartitions(Consumer<String, byte[]> c) {
    try {
      List<PartitionInfo> infos = c.partitionsFor(resultsTopic, Duration.ofSeconds(2));
      Set<TopicPartition> current = new HashSet<>(c.assignment());
      Set<TopicPartition> added = new HashSet<>();
      for (PartitionInfo info : infos) {
        TopicPartition tp = new TopicPartition(resultsTopic, info.partition());
        if (current.add(tp)) {
          added.add(tp);
        }
      }
      if (!added.isEmpty()) {
        c.assign(current);
        c.seekToBeginning(added);
        LOG.info("{} gained partitions {}; following them too", resultsTopic, added);
      }
    } catch (KafkaException e) {
      LOG.debug("Could not refresh the partitions of {}: {}", resultsTopic, e.toString());
    }
  }

  private void accept(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    InvocationResult result;
    try {
      result =
          deserializer.decode(record.topic(), record.partition(), record.offset(), record.value());
    } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
      LOG.warn(
          "Ignoring an undecodable result at {}-{} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return;
    }
    recent.put(result);
    Pending p = pending.remove(result.getInvocationId());
    if (p != null) {
      p.future().complete(result);
    }
  }

  private void expirePending(Instant now) {
    pending
        .entrySet()
        .removeIf(
            e -> {
              if (now.isAfter(e.getValue().deadline().plus(PENDING_GRACE))) {
                e.getValue()
                    .future()
                    .completeExceptionally(
                        new TimeoutException("no result for " + e.getKey() + " by its deadline"));
                return true;
              }
              return false;
            });
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pending
        .values()
        .forEach(
            p ->
                p.future()
                    .completeExceptionally(
                        new KafkaUnavailableException("the control plane is shutting down")));
    pending.clear();
  }
}
