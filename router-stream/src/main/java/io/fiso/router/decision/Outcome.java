package io.fiso.router.decision;

import io.fiso.avro.InvocationResult;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutedInvocation;

/** What the router does with one invocation: route it to a provider's topic, or reject it. */
public sealed interface Outcome {

  /** The record key of the output: the invocation id. */
  String key();

  /** Goes to {@code fiso.routed.<provider>}. */
  record Routed(Provider provider, RoutedInvocation invocation) implements Outcome {
    @Override
    public String key() {
      return invocation.getRequest().getInvocationId();
    }
  }

  /** Goes to {@code fiso.results} with status REJECTED. */
  record Rejected(Rejection type, InvocationResult result) implements Outcome {
    @Override
    public String key() {
      return result.getInvocationId();
    }
  }
}
