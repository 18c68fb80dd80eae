import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The latency of one Kafka hop, producer to consumer, for a plain consumer group or a share group
 * read the way FISO's workers read it (explicit acknowledgement, read_committed, record_limit):
 * what one hop of the pipeline costs on a machine, without FISO. Open-loop at a fixed rate; each
 * record carries its send time (ms); latency = poll return - send time.
 *
 * <pre>
 * java -cp cli/target/fiso.jar bench/scripts/HopLatency.java BOOTSTRAP plain|share CONSUMERS \
 *     PARTITIONS RATE PROCESS_MS SECONDS
 * java -cp cli/target/fiso.jar bench/scripts/HopLatency.java localhost:9092 share 4 6 400 0 60
 * </pre>
 *
 * PROCESS_MS: how long each consumer works on a poll's records before acknowledging them (a
 * worker waits for its calls). The topic and group are new for each run and left behind.
 */
public class HopLatency {
  public static void main(String[] a) throws Exception {
    if (a.length != 7) {
      System.err.println(
          "usage: HopLatency BOOTSTRAP plain|share CONSUMERS PARTITIONS RATE PROCESS_MS SECONDS");
      System.exit(2);
    }
    String bs = a[0];
    boolean share = a[1].equals("share");
    int consumers = Integer.parseInt(a[2]);
    int parts = Integer.parseInt(a[3]);
    double rate = Double.parseDouble(a[4]);
    long procMs = Long.parseLong(a[5]);
    int secs = Integer.parseInt(a[6]);
    String topic = "hop-latency-" + System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bs))) {
      admin.createTopics(List.of(new NewTopic(topic, parts, (short) 1))).all().get();
      if (share) {
        admin
            .incrementalAlterConfigs(
                Map.of(
                    new ConfigResource(ConfigResource.Type.GROUP, topic),
                    List.of(
                        set("share.auto.offset.reset", "earliest"),
                        set("share.isolation.level", "read_committed"))))
            .all()
            .get();
      }
    }
    List<Long> lat = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < consumers; i++) {
      Thread t = new Thread(() -> consume(bs, topic, share, procMs, lat));
      t.setDaemon(true);
      t.start();
    }
    Thread.sleep(6000); // let the consumers join
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of(
                "bootstrap.servers", bs,
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "linger.ms", "0"))) {
      long start = System.nanoTime();
      long n = (long) (rate * secs);
      for (long i = 0; i < n; i++) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.sleep(0, 200_000);
        }
        producer.send(new ProducerRecord<>(topic, "k" + i, "" + System.currentTimeMillis()));
      }
    }
    Thread.sleep(2000);
    long[] v;
    synchronized (lat) {
      v = lat.stream().mapToLong(x -> x).sorted().toArray();
    }
    System.out.printf(
        "%s consumers=%d partitions=%d rate=%.0f/s process=%dms n=%d p50=%d p90=%d p99=%d max=%d"
            + " (ms)%n",
        share ? "share" : "plain",
        consumers,
        parts,
        rate,
        procMs,
        v.length,
        v[v.length / 2],
        v[(int) (v.length * 0.9)],
        v[(int) (v.length * 0.99)],
        v[v.length - 1]);
    System.exit(0);
  }

  private static AlterConfigOp set(String key, String value) {
    return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
  }

  private static void consume(
      String bs, String topic, boolean share, long procMs, List<Long> lat) {
    Map<String, Object> p =
        new HashMap<>(
            Map.of(
                "bootstrap.servers", bs,
                "group.id", topic,
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "max.poll.records", "250"));
    if (share) {
      p.put("share.acknowledgement.mode", "explicit");
      p.put("share.acquire.mode", "record_limit");
    } else {
      p.put("auto.offset.reset", "earliest");
      p.put("isolation.level", "read_committed");
    }
    try {
      if (share) {
        try (var c = new KafkaShareConsumer<String, String>(p)) {
          c.subscribe(List.of(topic));
          while (true) {
            ConsumerRecords<String, String> recs = c.poll(Duration.ofMillis(100));
            record(recs, lat, procMs);
            recs.forEach(r -> c.acknowledge(r, AcknowledgeType.ACCEPT));
            if (!recs.isEmpty()) {
              c.commitAsync();
            }
          }
        }
      } else {
        try (var c = new KafkaConsumer<String, String>(p)) {
          c.subscribe(List.of(topic));
          while (true) {
            record(c.poll(Duration.ofMillis(100)), lat, procMs);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void record(ConsumerRecords<String, String> recs, List<Long> lat, long procMs)
      throws InterruptedException {
    long now = System.currentTimeMillis();
    recs.forEach(r -> lat.add(now - Long.parseLong(r.value())));
    if (!recs.isEmpty() && procMs > 0) {
      Thread.sleep(procMs);
    }
  }
}
