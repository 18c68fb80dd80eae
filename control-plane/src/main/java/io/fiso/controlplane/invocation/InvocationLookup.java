package io.fiso.controlplane.invocation;

import io.fiso.avro.InvocationResult;
import java.time.Instant;

/** The answer to {@link InvocationGateway#lookup}. */
public sealed interface InvocationLookup {

  /** The invocation's result (the latest one seen when there were several). */
  record Found(InvocationResult result) implements InvocationLookup {}

  /** Submitted through this control plane; no result has arrived yet. */
  record Pending(Instant submittedAt, Instant deadline) implements InvocationLookup {}

  /**
   * No result is known.
   *
   * @param watchingSince when this control plane started reading fiso.results: results written
   *     before are not known to it
   * @param olderThanCache the id's embedded time (FISO ids are time-ordered) is before what the
   *     recent-results cache still holds, so its result may have been evicted or may predate {@code
   *     watchingSince}
   */
  record Unknown(Instant watchingSince, boolean olderThanCache) implements InvocationLookup {}
}
