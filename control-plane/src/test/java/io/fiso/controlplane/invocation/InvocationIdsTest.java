package io.fiso.controlplane.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.avro.InvocationResult;
import io.fiso.avro.InvocationStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvocationIdsTest {

  @Test
  void idsAreVersion7UuidsThatTellWhenTheyWereMade() {
    Instant at = Instant.parse("2026-11-26T10:15:30.123Z");

    String id = InvocationIds.next(at);

    UUID uuid = UUID.fromString(id);
    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
    assertThat(InvocationIds.createdAt(id)).hasValue(at);
  }

  @Test
  void idsAreUniqueAndForeignIdsHaveNoTime() {
    Set<String> ids = new HashSet<>();
    Instant now = Instant.now();
    for (int i = 0; i < 10_000; i++) {
      ids.add(InvocationIds.next(now));
    }
    assertThat(ids).hasSize(10_000);
    assertThat(InvocationIds.createdAt(UUID.randomUUID().toString())).isEmpty();
    assertThat(InvocationIds.createdAt("my-own-id")).isEmpty();
  }

  @Test
  void recentResultsEvictTheOldestAndRememberHowFarTheyEvicted() {
    RecentResults recent = new RecentResults(2);
    Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
    for (int i = 0; i < 3; i++) {
      recent.put(result("id-" + i, t0.plusSeconds(i)));
    }

    assertThat(recent.get("id-0")).isEmpty();
    assertThat(recent.get("id-1")).isPresent();
    assertThat(recent.get("id-2")).isPresent();
    assertThat(recent.evictedUpTo()).isEqualTo(t0);
  }

  private static InvocationResult result(String id, Instant requestedAt) {
    return InvocationResult.newBuilder()
        .setInvocationId(id)
        .setFunction("f")
        .setStatus(InvocationStatus.SUCCEEDED)
        .setStatusCode(200)
        .setRequestedAt(requestedAt)
        .setCompletedAt(requestedAt)
        .build();
  }
}
