package io.fiso.controlplane.invocation;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Invocation ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp followed by random
 * bits. They are unique like any random UUID, sort by creation time, and tell when they were made,
 * so the API can say "older than the results it holds" about an id it no longer knows.
 */
public final class InvocationIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private InvocationIds() {}

  /** A new id made at {@code now}. */
  public static String next(Instant now) {
    long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  /** When a version-7 id was made; empty for other ids (clients may choose their own). */
  public static Optional<Instant> createdAt(String id) {
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.version() != 7 || uuid.variant() != 2) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
