package io.fiso.workers;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationRequest;
import io.fiso.avro.InvocationResult;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.serde.AvroSerializer;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.workers.resilience.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One worker IT's world: its prefixed topics on the shared embedded broker, the registry, a
 * producer of routed invocations, tails of fiso.results / fiso.costs / fiso.deadletter, worker
 * groups calling the cloud emulators, and (for failover) a tiny router.
 */
final class Harness implements AutoCloseable {

  final KafkaTestEnv env;
  final TopicCatalog topics;
  final SchemaRegistryClient registry;
  final CloudEmulators clouds;
  final Tail<InvocationResult> results;
  final Tail<CostEvent> costs;
  final Tail<DeadLetter> deadLetters;
  private final KafkaProducer<byte[], byte[]> producer;
  final AvroSerializer<SpecificRecord> serializer;
  private final List<WorkerGroup> groups = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  Harness(KafkaTestEnv env, CloudEmulators clouds) {
    this.env = env;
    this.clouds = clouds;
    this.topics = env.topics();
    this.registry =
        SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", env.schemaRegistryUrl()));
    this.serializer = new AvroSerializer<>(registry, false, true);
    Map<String, Object> p = new HashMap<>(env.clientProperties());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.results = new Tail<>(InvocationResult.class, topics.results().name());
    this.costs = new Tail<>(CostEvent.class, topics.costs().name());
    this.deadLetters = new Tail<>(DeadLetter.class, topics.deadLetter().name());
  }

  /** Test settings: one consumer, quick retries, short timeouts. */
  WorkerSettings settings(Provider provider) {
    return WorkerSettings.defaults(provider)
        .withGroupId(env.name("workers-" + provider.name().toLowerCase()))
        .withConsumers(1, 50)
        .withRetries(3, new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)))
        .withCallTimeout(Duration.ofSeconds(10))
        .withShutdownGrace(Duration.ofSeconds(10));
  }

  WorkerGroup start(WorkerSettings settings) {
    WorkerGroup group =
        WorkerGroup.builder(settings)
            .kafka(env.clientProperties())
            .registry(registry)
            .topics(topics)
            .invoker(
                Invokers.fromEnv(
                    settings.provider(),
                    clouds.workerEnvironment(),
                    settings.concurrency(),
                    Duration.ofMinutes(1)))
            .followPrices(false)
            .start();
    groups.add(group);
    return group;
  }

  FunctionTarget target(Provider provider) {
    return switch (provider) {
      case AWS -> clouds.awsTarget();
      case AZURE -> clouds.azureTarget();
      case GCP -> clouds.gcpTarget();
    };
  }

  List<FunctionTarget> policy() {
    return List.of(clouds.awsTarget(), clouds.azureTarget(), clouds.gcpTarget());
  }

  void route(InvocationRequest request, FunctionTarget target) {
    send(
        topics.routed(target.getProvider()).name(),
        request.getInvocationId(),
        Fixtures.routed(request, target, policy()),
        List.of());
  }

  void send(String topic, String key, SpecificRecord value, Iterable<Header> headers) {
    sendRaw(topic, key, serializer.serialize(topic, value), headers);
  }

  void sendRaw(String topic, String key, byte[] value, Iterable<Header> headers) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  null,
                  key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                  value,
                  headers))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not produce to " + topic, e);
    }
  }

  /**
   * A tiny router for failover tests: routes every request on fiso.invocations to the first target
   * of {@code order} whose provider is not excluded, keeping the record's headers.
   */
  void startRouter(List<FunctionTarget> order) {
    Map<String, Object> c = new HashMap<>(env.clientProperties());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, env.name("test-router"));
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    AvroDeserializer<InvocationRequest> reader =
        new AvroDeserializer<>(registry, InvocationRequest.class);
    consumer.subscribe(List.of(topics.invocations().name()));
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread t =
        new Thread(
            () -> {
              try {
                while (!stop.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    InvocationRequest request = reader.deserialize(r);
                    FunctionTarget chosen =
                        order.stream()
                            .filter(x -> !request.getExcludedProviders().contains(x.getProvider()))
                            .findFirst()
                            .orElseThrow();
                    RoutedInvocation routed = Fixtures.routed(request, chosen, order);
                    send(
                        topics.routed(chosen.getProvider()).name(),
                        request.getInvocationId(),
                        routed,
                        r.headers());
                  }
                }
              } catch (org.apache.kafka.common.errors.WakeupException
                  | org.apache.kafka.common.errors.InterruptException e) {
                // stopping
              } finally {
                consumer.close(
                    org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
              }
            },
            "test-router");
    t.setDaemon(true);
    t.start();
    closeables.add(
        () -> {
          consumer.wakeup();
          t.interrupt();
          t.join(5000);
        });
  }

  @Override
  public void close() {
    for (WorkerGroup g : groups) {
      g.close();
    }
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    results.close();
    costs.close();
    deadLetters.close();
    producer.close(Duration.ofSeconds(5));
  }

  /** Reads a topic from the beginning into a list, in the background. */
  final class Tail<T extends SpecificRecord> implements AutoCloseable {
    private final List<T> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean stopped;

    Tail(Class<T> type, String topic) {
      Map<String, Object> c = new HashMap<>(env.clientProperties());
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      AvroDeserializer<T> reader = new AvroDeserializer<>(registry, type);
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      thread =
          new Thread(
              () -> {
                try {
                  while (!stopped) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                      records.add(reader.deserialize(r));
                    }
                  }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                  // stopping
                } finally {
                  consumer.close(
                      org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
                }
              },
              "tail-" + topic);
      thread.setDaemon(true);
      thread.start();
    }

    List<T> all() {
      return List.copyOf(records);
    }

    List<T> matching(Predicate<T> p) {
      return records.stream().filter(p).toList();
    }

    /** Waits until at least {@code count} records match, and returns them. */
    List<T> await(Predicate<T> p, int count, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        List<T> found = matching(p);
        if (found.size() >= count) {
          return found;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "expected "
                  + count
                  + " matching records in time, found "
                  + found.size()
                  + ": "
                  + found);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }

    @Override
    public void close() {
      stopped = true;
      consumer.wakeup();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
