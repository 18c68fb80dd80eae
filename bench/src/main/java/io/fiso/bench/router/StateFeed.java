package io.fiso.bench.router;

import io.fiso.avro.ProviderStats;
import io.fiso.bench.harness.BenchCluster;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes provider statistics to fiso.provider-stats at a steady rate while a router drains, as a
 * cost-ingestor does in production (one record per function, provider and region every emit
 * interval). Every update changes a global store the router's remembered decisions depend on.
 */
final class StatsFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatsFeed.class);

  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean stop;

  private StatsFeed(
      BenchCluster cluster, String topic, InvocationWorkload workload, double perSecond) {
    thread =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer =
                  cluster.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
                long start = System.nanoTime();
                for (long seq = 0; !stop; seq++) {
                  long due = start + (long) (seq * 1e9 / perSecond);
                  long wait;
                  while (!stop && (wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  if (stop) {
                    break;
                  }
                  ProviderStats s = workload.stats(seq);
                  String key = s.getFunction() + "/" + s.getProvider() + "/" + s.getRegion();
                  producer.send(
                      new ProducerRecord<>(
                          topic,
                          key.getBytes(StandardCharsets.UTF_8),
                          workload.statsRecord(topic, s)));
                  sent.incrementAndGet();
                }
              } catch (RuntimeException e) {
                log.error("The statistics feed to {} stopped", topic, e);
              }
            },
            "bench-stats-feed");
    thread.setDaemon(true);
  }

  /** Starts writing {@code perSecond} statistics records to {@code topic}. */
  static StatsFeed start(
      BenchCluster cluster, String topic, InvocationWorkload workload, double perSecond) {
    StatsFeed feed = new StatsFeed(cluster, topic, workload, perSecond);
    feed.thread.start();
    return feed;
  }

  /** Records written so far. */
  long sent() {
    return sent.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    LockSupport.unpark(thread);
    thread.join(30_000);
  }
}
