package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.bench.harness.ThreadCpu.Role;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThreadCpuTest {

  private static final String TAG = "d-abc123";

  @Test
  void theSystemsThreadsCarryTheRunTag() {
    assertThat(ThreadCpu.role(TAG + ".router-5f1e-StreamThread-1", TAG)).isEqualTo(Role.SYSTEM);
    assertThat(ThreadCpu.role(TAG + ".plain-loop-0", TAG)).isEqualTo(Role.SYSTEM);
    assertThat(
            ThreadCpu.role(
                "kafka-producer-network-thread | " + TAG + ".router-5f1e-StreamThread-1-producer",
                TAG))
        .isEqualTo(Role.SYSTEM_PRODUCER_IO);
    assertThat(ThreadCpu.role("kafka-coordinator-heartbeat-thread | " + TAG + ".plain", TAG))
        .isEqualTo(Role.SYSTEM);
  }

  /** Names an embedded Kafka 4.4 broker gave its threads, with node ids and counters. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "data-plane-kafka-request-handler-3",
        "data-plane-kafka-network-thread-1-PLAINTEXT-PLAINTEXT-2",
        "data-plane-kafka-socket-acceptor-CONTROLLER-PLAINTEXT-40123",
        "broker-1-to-controller-heartbeat-channel-manager",
        "broker-1-ThrottledChannelReaper-Produce",
        "controller-1-to-controller-registration-channel-manager",
        "quorum-controller-1-event-handler",
        "kafka-1-raft-io-thread",
        "kafka-1-metadata-loader-event-handler",
        "raft-expiration-reaper",
        "group-coordinator-event-processor-0",
        "group-coordinator-reaper",
        "share-coordinator-event-processor-1",
        "share-group-lock-timeout-reaper",
        "transaction-log-manager-0",
        "TxnMarkerSenderThread-1",
        "AddPartitionsToTxnSenderThread-1",
        "ExpirationReaper-1-Produce",
        "kafka-log-cleaner-thread-0",
        "kafka-scheduler-4",
        "LogDirFailureHandler",
        "ReplicaFetcherThread-0-2",
        "PersisterStateManager",
        "executor-Fetch",
        "metrics-meter-tick-thread-1",
        "SensorExpiryThread"
      })
  void theBrokersThreadsAreRecognisedByName(String name) {
    assertThat(ThreadCpu.role(name, TAG)).isEqualTo(Role.BROKER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "bench-output-tap",
        "bench-feed-r-1.p1.fiso.provider-stats",
        "kafka-producer-network-thread | bench-feed-r-1.p1.fiso.provider-stats",
        "kafka-producer-network-thread | bench-load",
        "kafka-admin-client-thread | adminclient-1",
        "fiso-schema-registry-http-2",
        "kafka-producer-network-thread | fiso-schema-registry-writer",
        "kafka-admin-client-thread | fiso-schema-registry-admin",
        "HTTP-Dispatcher",
        "idle-timeout-task",
        "HttpClient-1-SelectorManager"
      })
  void theHarnesssAndTheRegistrysThreadsAreRecognisedByName(String name) {
    assertThat(ThreadCpu.role(name, TAG)).isEqualTo(Role.HARNESS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // another run's system is not this run's, nor the broker's
        "d-other.router-StreamThread-1",
        // a client without a client id of its own or the harness's
        "kafka-producer-network-thread | producer-7",
        "consumer_background_thread",
        "surefire-forkedjvm-command-thread",
        "some-library-worker-3"
      })
  void threadsOfNoKnownRoleAreOtherNotTheBrokers(String name) {
    assertThat(ThreadCpu.role(name, TAG)).isEqualTo(Role.OTHER);
  }

  @Test
  void theJvmsOwnJavaThreadsCountWithTheJvm() {
    assertThat(ThreadCpu.role("Reference Handler", TAG)).isEqualTo(Role.JVM);
    assertThat(ThreadCpu.role("Common-Cleaner", TAG)).isEqualTo(Role.JVM);
  }

  @Test
  void everyRoleHasItsNameInTheReportOnce() {
    assertThat(ThreadCpu.ROLES)
        .containsExactly(
            "system's threads",
            "system's producer I/O",
            "broker",
            "harness and registry",
            "other",
            "GC, JIT, VM");
  }

  @Test
  void theSplitAddsEachThreadsTimeToItsRoleAndTheRestOfTheProcessToTheJvm() {
    ThreadCpu.Snapshot a =
        new ThreadCpu.Snapshot(
            1_000,
            Map.of(1L, 100L, 2L, 100L, 3L, 0L),
            Map.of(1L, "kafka-scheduler-1", 2L, "consumer_background_thread", 3L, "Finalizer"));
    ThreadCpu.Snapshot b =
        new ThreadCpu.Snapshot(
            3_000,
            Map.of(1L, 600L, 2L, 400L, 3L, 50L, 4L, 200L),
            Map.of(
                1L,
                "kafka-scheduler-1",
                2L,
                "consumer_background_thread",
                3L,
                "Finalizer",
                4L,
                TAG + ".plain-loop-0"));
    ThreadCpu.Split split = ThreadCpu.between(a, b, TAG);
    assertThat(split.broker()).isEqualTo(500);
    assertThat(split.other()).isEqualTo(300);
    assertThat(split.systemWork()).isEqualTo(200);
    // 2,000 ns of process time, 1,050 in Java threads: 950 outside them plus the finalizer's 50
    assertThat(split.jvm()).isEqualTo(1_000);
    assertThat(split.harness()).isZero();
    assertThat(split.total()).isEqualTo(2_000);
    assertThat(split.shares()).hasSize(ThreadCpu.ROLES.length);
    assertThat(split.shares()[Role.OTHER.ordinal()]).isEqualTo(0.15);
  }

  @Test
  void cpuSpentByALiveThreadLandsInItsRole() throws InterruptedException {
    CountDownLatch burnt = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    long[] used = new long[1];
    Thread live =
        new Thread(
            () -> {
              used[0] = burn(30_000_000L);
              burnt.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            TAG + ".router-StreamThread-1");
    ThreadCpu.Snapshot start = ThreadCpu.read();
    live.start();
    burnt.await();
    ThreadCpu.Split liveSplit = ThreadCpu.between(start, ThreadCpu.read(), TAG);
    release.countDown();
    live.join();
    assertThat(liveSplit.systemWork()).isGreaterThanOrEqualTo(used[0]);
    assertThat(liveSplit.systemProducerIo()).isZero();
    assertThat(liveSplit.perRecordMicros(10.0)).hasSize(ThreadCpu.ROLES.length);
    assertThat(java.util.Arrays.stream(liveSplit.perRecordMicros(10.0)).sum())
        .isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  /** Spins until this thread has used {@code nanos} of CPU; returns what it used. */
  private static long burn(long nanos) {
    var mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    long x = 0;
    while (mx.getCurrentThreadCpuTime() - start < nanos) {
      for (int i = 0; i < 10_000; i++) {
        x += i * 31L ^ x;
      }
    }
    if (x == 42) {
      System.out.print("");
    }
    return mx.getCurrentThreadCpuTime() - start;
  }
}
