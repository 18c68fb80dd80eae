package io.fiso.bench.harness;

import java.time.Duration;

/** A running system under test: an application consuming, processing and producing records. */
public interface Subject extends AutoCloseable {

  /**
   * Returns once the application processes records (group joined, state restored).
   *
   * @throws IllegalStateException when it failed or did not get there in time
   */
  void awaitRunning(Duration timeout) throws InterruptedException;

  /** Stops it and releases what it holds (threads, state directories). */
  @Override
  void close();
}
