package io.fiso.workers.invoke;

import java.util.concurrent.ForkJoinPool;

/**
 * The JDK's common {@link ForkJoinPool}, as java.net.http uses it. {@code HttpClient.sendAsync}
 * completes every response through CompletableFuture's default executor: the common pool, or, when
 * the pool's parallelism is 1 (the JDK's default on a machine with one or two cores), a new thread
 * for every response. On two cores at 1,200 calls/s that thread-per-response cost about a third of
 * the machine (workers benchmark: the JVM 89-93% busy against 55-58% with a parallelism of 2, for
 * the same calls; docs/benchmarks.md). FISO's entry points raise the parallelism to 2 there, before
 * anything uses the pool; a value the user set ({@code
 * -Djava.util.concurrent.ForkJoinPool.common.parallelism}) is left alone.
 */
public final class CommonPool {

  /** The JDK's system property for the common pool's parallelism. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /**
   * Sets the common pool's parallelism to 2 where the JDK would make it 1, unless the user chose a
   * value. Call first thing in {@code main}: once the pool exists the property is no longer read.
   */
  public static void atLeastTwoThreads() {
    String wanted =
        parallelismToSet(
            System.getProperty(PARALLELISM), Runtime.getRuntime().availableProcessors());
    if (wanted != null) {
      System.setProperty(PARALLELISM, wanted);
    }
  }

  /**
   * The value to set, or null to leave the property alone: a user's value stays, and with more than
   * two processors the JDK's own default (processors - 1) is at least 2 already.
   */
  static String parallelismToSet(String current, int processors) {
    if (current != null || processors > 2) {
      return null;
    }
    return "2";
  }

  /** Whether {@code sendAsync}'s completions start a thread each (the pool runs serially). */
  public static boolean threadPerCompletion() {
    return ForkJoinPool.getCommonPoolParallelism() < 2;
  }
}
