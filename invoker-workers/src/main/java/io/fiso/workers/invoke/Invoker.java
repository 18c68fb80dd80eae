package io.fiso.workers.invoke;

import io.fiso.avro.Provider;
import java.util.concurrent.CompletableFuture;

/**
 * Calls functions on one cloud. Implementations are thread-safe and asynchronous: {@link #invoke}
 * returns at once and the future completes with an outcome for every call, failures included
 * (classified, never thrown). Each call carries the invocation id and a W3C traceparent to the
 * function.
 */
public interface Invoker extends AutoCloseable {

  /** The cloud this invoker calls. */
  Provider provider();

  /**
   * Checks a call against the provider's limits and the target's shape without sending anything.
   *
   * @return null when the call may be sent, else a {@link CallOutcome.Kind#REJECTED} outcome naming
   *     the limit or the field at fault
   */
  CallOutcome validate(Call call);

  /**
   * Makes the call. The future never completes exceptionally for a provider or network failure:
   * those are outcomes ({@link CallOutcome.Kind#THROTTLED}, {@link CallOutcome.Kind#TRANSIENT},
   * ...). Calls that fail {@link #validate} complete with the rejection without being sent.
   */
  CompletableFuture<CallOutcome> invoke(Call call);

  /** Releases connections, thread pools and publishers. */
  @Override
  void close();
}
