package io.fiso.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where this JVM's CPU went while a system drained: its own threads (stream threads or consumer
 * loops, and their producers' I/O threads), the embedded broker, the harness and schema registry,
 * other threads, and the JVM itself (garbage collection, JIT compilation; the process's CPU time
 * not accounted to a Java thread). Everything shares two cores, so a system's throughput is bounded
 * by all of it, not by its own threads alone.
 *
 * <p>Threads are told apart by name, each role recognised by what it is called:
 *
 * <ul>
 *   <li>the system's carry its run tag (Kafka Streams names its threads and clients after the
 *       application id; the plain passthrough names its loops and clients after its group);
 *   <li>the broker's are the names the Kafka 4.4 KRaft broker and controller give theirs ({@link
 *       #BROKER_PREFIXES}, and {@code kafka-<node id>-...} for the Raft client and metadata
 *       loader), as listed from a running embedded broker;
 *   <li>the harness's start with {@code bench-} or are {@code main}, its Kafka clients' I/O threads
 *       carry a {@code bench-} client id or are its admin client ({@code adminclient-N}); the
 *       embedded registry's start with {@code fiso-schema-registry} or are its JDK HTTP server's
 *       and HTTP client's;
 *   <li>the JVM's own Java threads (reference handler, finalizer, cleaner...) count with the JVM;
 *   <li>every other thread is "other": another run's system still closing, a client with neither a
 *       tag nor a harness client id (e.g. the new consumer protocol's {@code
 *       consumer_background_thread}, which carries no client id), a test runner's.
 * </ul>
 */
public final class ThreadCpu {

  /** What a thread does for the measurement, in the order of {@link Split#shares()}. */
  public enum Role {
    SYSTEM("system's threads"),
    SYSTEM_PRODUCER_IO("system's producer I/O"),
    BROKER("broker"),
    HARNESS("harness and registry"),
    OTHER("other"),
    JVM("GC, JIT, VM");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    /** The name shown in the log and the report ("CPU per record: " + label). */
    public String label() {
      return label;
    }
  }

  /** One reading: the process's CPU time and each live thread's, with its name. */
  public record Snapshot(long processNanos, Map<Long, Long> threadNanos, Map<Long, String> names) {}

  /**
   * CPU time between two readings, in nanoseconds, by role.
   *
   * @param systemWork the system's threads other than its producers' I/O threads
   * @param systemProducerIo the system's producer network threads (batching, compression, sends)
   * @param broker the embedded broker's threads (request handlers, network, coordinators, log)
   * @param harness the load generator, progress sampling, output tap and schema registry
   * @param other threads of none of the other roles
   * @param jvm garbage collection, JIT compilation and the rest of the JVM (process time not spent
   *     in a Java thread, and the JVM's own Java threads)
   */
  public record Split(
      long systemWork, long systemProducerIo, long broker, long harness, long other, long jvm) {

    public long total() {
      return systemWork + systemProducerIo + broker + harness + other + jvm;
    }

    /** {@code total} (µs per record) split in the proportions of the roles, as {@link #ROLES}. */
    public double[] perRecordMicros(double total) {
      double[] shares = shares();
      for (int i = 0; i < shares.length; i++) {
        shares[i] *= total;
      }
      return shares;
    }

    /** Each role's share of the total, 0..1, in the order of {@link Role}. */
    public double[] shares() {
      double t = Math.max(1, total());
      return new double[] {
        systemWork / t, systemProducerIo / t, broker / t, harness / t, other / t, jvm / t
      };
    }
  }

  /** The roles' names, in the order of {@link Split#shares()}. */
  public static final String[] ROLES =
      Arrays.stream(Role.values()).map(Role::label).toArray(String[]::new);

  /**
   * How the embedded Kafka 4.4 broker (KRaft, broker and controller in one) names its threads, as
   * listed from a running one: request handlers, network threads and acceptors of every listener,
   * per-role channel managers, throttling reapers and lifecycle managers ({@code broker-1-...},
   * {@code controller-1-...}), the quorum controller, purgatories, the log cleaner and scheduler,
   * the group, share and transaction coordinators, replica fetchers, metrics (Yammer's meter tick
   * and the sensor expiry thread) and devstack's shutdown hook.
   */
  static final List<String> BROKER_PREFIXES =
      List.of(
          "data-plane-kafka-",
          "control-plane-kafka-",
          "kafka-request-handler-",
          "broker-",
          "controller-",
          "quorum-controller-",
          "raft-",
          "kafka-log-cleaner-thread-",
          "kafka-scheduler-",
          "ExpirationReaper-",
          "ReplicaFetcherThread-",
          "ReplicaAlterLogDirsThread-",
          "LogDirFailureHandler",
          "group-coordinator-",
          "share-coordinator-",
          "share-group-",
          "transaction-log-manager-",
          "TxnMarkerSenderThread-",
          "AddPartitionsToTxnSenderThread-",
          "PersisterStateManager",
          "ShareGroupDLQSendThread",
          "executor-",
          "client-metrics-reaper",
          "SensorExpiryThread",
          "metrics-meter-tick-thread-",
          "remote-log-",
          "fiso-embedded-kafka-shutdown");

  /** The Raft client's and metadata loader's threads: {@code kafka-<node id>-raft-io-thread}. */
  private static final Pattern BROKER_NODE_THREAD = Pattern.compile("kafka-\\d+-.+");

  /** The JDK HTTP server's threads (the embedded schema registry's, in the router benchmark). */
  private static final Set<String> HTTP_SERVER_THREADS =
      Set.of("HTTP-Dispatcher", "idle-timeout-task", "req-rsp-timeout-task");

  /** Client ids of the harness's and the registry's Kafka clients. */
  private static final List<String> HARNESS_CLIENT_IDS =
      List.of("bench-", "adminclient-", "fiso-schema-registry");

  /** The JVM's own Java threads; its GC and compiler threads are not Java threads. */
  private static final Set<String> JVM_THREADS =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Common-Cleaner",
          "Notification Thread",
          "Attach Listener",
          "Service Thread",
          "Monitor Deflation Thread",
          "process reaper",
          "DestroyJavaVM");

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
    long[] byRole = new long[Role.values().length];
    long javaThreads = 0;
    for (Map.Entry<Long, Long> e : b.threadNanos().entrySet()) {
      long used = Math.max(0, e.getValue() - a.threadNanos().getOrDefault(e.getKey(), 0L));
      javaThreads += used;
      byRole[role(b.names().get(e.getKey()), systemTag).ordinal()] += used;
    }
    long outsideJavaThreads = Math.max(0, b.processNanos() - a.processNanos() - javaThreads);
    return new Split(
        byRole[Role.SYSTEM.ordinal()],
        byRole[Role.SYSTEM_PRODUCER_IO.ordinal()],
        byRole[Role.BROKER.ordinal()],
        byRole[Role.HARNESS.ordinal()],
        byRole[Role.OTHER.ordinal()],
        byRole[Role.JVM.ordinal()] + outsideJavaThreads);
  }

  /** The role of the thread called {@code name} in the run tagged {@code systemTag}. */
  static Role role(String name, String systemTag) {
    if (name == null) {
      return Role.OTHER;
    }
    if (name.contains(systemTag)) {
      return name.startsWith("kafka-producer-network-thread")
          ? Role.SYSTEM_PRODUCER_IO
          : Role.SYSTEM;
    }
    if (isHarness(name)) {
      return Role.HARNESS;
    }
    if (isBroker(name)) {
      return Role.BROKER;
    }
    if (JVM_THREADS.contains(name)) {
      return Role.JVM;
    }
    return Role.OTHER;
  }

  private static boolean isHarness(String name) {
    if (name.startsWith("bench-")
        || name.equals("main")
        || name.startsWith("fiso-schema-registry")
        || name.startsWith("HttpClient-")
        || HTTP_SERVER_THREADS.contains(name)) {
      return true;
    }
    // A Kafka client's I/O thread: "kafka-producer-network-thread | <client id>",
    // "kafka-admin-client-thread | <client id>", "kafka-coordinator-heartbeat-thread | <group>".
    int bar = name.indexOf(" | ");
    if (name.startsWith("kafka-") && bar > 0) {
      String clientId = name.substring(bar + 3);
      return HARNESS_CLIENT_IDS.stream().anyMatch(clientId::startsWith);
    }
    return false;
  }

  private static boolean isBroker(String name) {
    return BROKER_PREFIXES.stream().anyMatch(name::startsWith)
        || BROKER_NODE_THREAD.matcher(name).matches();
  }
}
