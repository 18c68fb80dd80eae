package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  private static final String TAG = "d-abc123";

  @Test
  void threadsAreToldApartByName() {
    assertThat(ThreadCpu.role(TAG + ".router-5f1e-StreamThread-1", TAG)).isZero();
    assertThat(ThreadCpu.role(TAG + ".plain-loop-0", TAG)).isZero();
    assertThat(
            ThreadCpu.role(
                "kafka-producer-network-thread | " + TAG + ".router-5f1e-StreamThread-1-producer",
                TAG))
        .isEqualTo(1);
    assertThat(ThreadCpu.role("data-plane-kafka-request-handler-3", TAG)).isEqualTo(2);
    assertThat(ThreadCpu.role("group-coordinator-event-processor-0", TAG)).isEqualTo(2);
    // another run's system is not this run's: its threads are broker-side load here
    assertThat(ThreadCpu.role("d-other.router-StreamThread-1", TAG)).isEqualTo(2);
    assertThat(ThreadCpu.role("bench-output-tap", TAG)).isEqualTo(3);
    assertThat(ThreadCpu.role("fiso-schema-registry-http-2", TAG)).isEqualTo(3);
    assertThat(ThreadCpu.role("kafka-admin-client-thread | adminclient-1", TAG)).isEqualTo(3);
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
