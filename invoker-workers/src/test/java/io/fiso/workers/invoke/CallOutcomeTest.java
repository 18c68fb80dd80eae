package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;

class CallOutcomeTest {

  @Test
  void onlyThrottlingAndTransientFailuresAreRetried() {
    assertThat(CallOutcome.Kind.values())
        .filteredOn(CallOutcome.Kind::retriable)
        .containsExactlyInAnyOrder(CallOutcome.Kind.THROTTLED, CallOutcome.Kind.TRANSIENT);
  }

  @Test
  void asyncWrappersAreUnwrappedBeforeClassifying() {
    RequestTooLargeException cause =
        RequestTooLargeException.builder().message("too large").build();

    Throwable unwrapped = Failures.unwrap(new CompletionException(new ExecutionException(cause)));

    assertThat(unwrapped).isSameAs(cause);
  }
}
