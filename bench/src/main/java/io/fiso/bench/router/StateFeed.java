package io.fiso.bench.router;

import io.fiso.avro.BudgetStatus;
import io.fiso.avro.ProviderStats;
import io.fiso.bench.harness.BenchCluster;
import io.fiso.router.internal.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to one of the router's state topics at a steady rate while it drains, as a
 * cost-ingestor does in production: provider statistics (one record per function, provider and
 * region every emit interval) and budget status (one per budget scope every emit interval). Each
 * record changes a global store the router's remembered decisions may depend on.
 */
final class StateFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StateFeed.class);

  /** Record {@code seq}'s key and value. */
  @FunctionalInterface
  interface Records {
    ProducerRecord<byte[], byte[]> record(String topic, long seq);
  }

  private final Thread thread;
  private volatile boolean stop;

  private StateFeed(BenchCluster cluster, String topic, Records records, double perSecond) {
    thread =
        new Thread(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer =
                  cluster.producer(
                      Map.of(
                          ProducerConfig.LINGER_MS_CONFIG,
                          0,
                          // the harness's, for ThreadCpu
                          ProducerConfig.CLIENT_ID_CONFIG,
                          "bench-feed-" + topic))) {
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
                  producer.send(records.record(topic, seq));
                }
              } catch (RuntimeException e) {
                log.error("The feed to {} stopped", topic, e);
              }
            },
            "bench-feed-" + topic);
    thread.setDaemon(true);
  }

  /** Starts writing {@code perSecond} records to {@code topic}. */
  static StateFeed start(BenchCluster cluster, String topic, Records records, double perSecond) {
    StateFeed feed = new StateFeed(cluster, topic, records, perSecond);
    feed.thread.start();
    return feed;
  }

  /** Statistics updates of {@code workload}'s functions, keyed function/PROVIDER/region. */
  static Records stats(InvocationWorkload workload) {
    return (topic, seq) -> {
      ProviderStats s = workload.stats(seq);
      String key = StoreKeys.stats(s.getFunction(), s.getProvider(), s.getRegion());
      return new ProducerRecord<>(
          topic, key.getBytes(StandardCharsets.UTF_8), workload.statsRecord(topic, s));
    };
  }

  /** Budget status updates of {@code workload}'s functions, keyed by scope. */
  static Records budgets(InvocationWorkload workload) {
    return (topic, seq) -> {
      BudgetStatus s = workload.budget(seq);
      return new ProducerRecord<>(
          topic, s.getScope().getBytes(StandardCharsets.UTF_8), workload.budgetRecord(topic, s));
    };
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    LockSupport.unpark(thread);
    thread.join(30_000);
  }
}
