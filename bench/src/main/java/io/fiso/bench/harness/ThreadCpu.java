package io.fiso.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * Where this JVM's CPU went while a system drained: its own threads (stream threads or consumer
 * loops, and their producers' I/O threads), the embedded broker, the harness and schema registry,
 * and the JVM itself (garbage collection, JIT compilation; the process's CPU time not accounted to
 * a Java thread). Everything shares two cores, so a system's throughput is bounded by all of it,
 * not by its own threads alone.
 *
 * <p>Threads are told apart by name: a system's threads carry its run tag (Kafka Streams names its
 * threads and clients after the application id; the plain passthrough names its loops and clients
 * after its group), the harness's start with {@code bench-}, {@code main} or are its admin client,
 * the registry's with {@code fiso-schema-registry}; every other Java thread is the broker's.
 */
public final class ThreadCpu {

  /** One reading: the process's CPU time and each live thread's, with its name. */
  public record Snapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> names) {}

  /**
   * CPU time between two readings, in nanoseconds, by role.
   *
   * @param systemWork the system's threads other than its producers' I/O threads
   * @param systemProducerIo the system's producer network threads (batching, compression, sends)
   * @param broker the embedded broker's threads (request handlers, network, coordinators, log)
   * @param harness the load generator, progress sampling, output tap and schema registry
   * @param jvm garbage collection, JIT compilation and the rest of the JVM (process time not spent
   *     in a Java thread)
   */
  public record Split(long systemWork, long systemProducerIo, long broker, long harness, long jvm) {

    public long total() {
      return systemWork + systemProducerIo + broker + harness + jvm;
    }

    /** {@code total} (µs per record) split in the proportions of the roles, as {@link #ROLES}. */
    public double[] perRecordMicros(double total) {
      double[] shares = shares();
      for (int i = 0; i < shares.length; i++) {
        shares[i] *= total;
      }
      return shares;
    }

    /** Each role's share of the total, 0..1, in the order of the components. */
    public double[] shares() {
      double t = Math.max(1, total());
      return new double[] {systemWork / t, systemProducerIo / t, broker / t, harness / t, jvm / t};
    }
  }

  /** The roles' names, in the order of {@link Split#shares()}. */
  public static final String[] ROLES = {
    "system's threads", "system's producer I/O", "broker", "harness and registry", "GC, JIT, VM"
  };

  private ThreadCpu() {}

  public static Snapshot read() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] cpu = threads.getThreadCpuTime(ids);
    // depth 0: names and states only, no safepoint
    ThreadInfo[] infos = threads.getThreadInfo(ids, 0);
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] >= 0 && infos[i] != null) {
        nanos.put(ids[i], cpu[i]);
        names.put(ids[i], infos[i].getThreadName());
      }
    }
    long process = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      process = Math.max(0, os.getProcessCpuTime());
    }
    return new Snapshot(process, nanos, names);
  }

  /**
   * The CPU time between {@code a} and {@code b} by role; threads started in between count from
   * their start, threads that ended in between are lost (and fall to the JVM's share).
   *
   * @param systemTag the run tag in the names of the system's threads
   */
  public static Split between(Snapshot a, Snapshot b, String systemTag) {
    long work = 0;
    long producerIo = 0;
    long broker = 0;
    long harness = 0;
    long javaThreads = 0;
    for (Map.Entry<Long, Long> e : b.threadNanos().entrySet()) {
      long used = Math.max(0, e.getValue() - a.threadNanos().getOrDefault(e.getKey(), 0L));
      javaThreads += used;
      String name = b.names().get(e.getKey());
      switch (role(name, systemTag)) {
        case 0 -> work += used;
        case 1 -> producerIo += used;
        case 2 -> broker += used;
        default -> harness += used;
      }
    }
    long jvm = Math.max(0, b.processNanos() - a.processNanos() - javaThreads);
    return new Split(work, producerIo, broker, harness, jvm);
  }

  /** 0 system work, 1 system producer I/O, 2 broker, 3 harness and registry. */
  static int role(String name, String systemTag) {
    if (name.contains(systemTag)) {
      return name.startsWith("kafka-producer-network-thread") ? 1 : 0;
    }
    if (name.startsWith("bench-")
        || name.equals("main")
        || name.startsWith("kafka-admin-client-thread | adminclient-")
        || name.startsWith("fiso-schema-registry")
        || name.startsWith("kafka-producer-network-thread | fiso-schema-registry")
        || name.startsWith("HttpClient-")) {
      return 3;
    }
    return 2;
  }
}
