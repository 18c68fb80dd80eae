package io.fiso.workers.invoke;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.InvocationMode;
import io.fiso.avro.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** Calls for the invoker tests. */
final class Calls {

  private Calls() {}

  static FunctionTarget target(Provider provider, String region, String target) {
    return FunctionTarget.newBuilder()
        .setProvider(provider)
        .setRegion(region)
        .setTarget(target)
        .setMemoryMb(128)
        .setArchitecture(Architecture.X86_64)
        .build();
  }

  static Call sync(FunctionTarget target) {
    return call(
        target,
        InvocationMode.SYNC,
        "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
  }

  static Call call(FunctionTarget target, InvocationMode mode, byte[] payload, Duration timeout) {
    return new Call(
        "inv-" + UUID.randomUUID(),
        "fiso-sample",
        target,
        mode,
        payload,
        "application/json",
        TraceContext.childOf(null),
        timeout);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
