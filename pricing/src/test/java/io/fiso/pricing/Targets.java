package io.fiso.pricing;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import java.math.BigDecimal;

/** Function targets for tests. */
public final class Targets {
  private Targets() {}

  public static FunctionTarget aws(int memoryMb, Architecture architecture) {
    return target(Provider.AWS, "us-east-1", memoryMb, architecture, null);
  }

  public static FunctionTarget azure(int memoryMb) {
    return target(Provider.AZURE, "eastus", memoryMb, Architecture.X86_64, null);
  }

  public static FunctionTarget gcp(int memoryMb, BigDecimal vcpu) {
    return target(Provider.GCP, "us-central1", memoryMb, Architecture.X86_64, vcpu);
  }

  public static FunctionTarget target(
      Provider provider, String region, int memoryMb, Architecture architecture, BigDecimal vcpu) {
    return FunctionTarget.newBuilder()
        .setProvider(provider)
        .setRegion(region)
        .setTarget(provider.name().toLowerCase() + "-fn")
        .setMemoryMb(memoryMb)
        .setArchitecture(architecture)
        .setVcpu(vcpu)
        .build();
  }
}
