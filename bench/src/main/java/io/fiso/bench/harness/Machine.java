package io.fiso.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * The machine and JVM a benchmark ran on, as the report prints them.
 *
 * @param cores processors available to this JVM
 * @param memoryBytes physical memory ({@code /proc/meminfo} MemTotal), or -1 when unknown
 * @param os operating system name, version and architecture
 * @param cpuModel the CPU's model name from {@code /proc/cpuinfo}, or "unknown"
 * @param jvm JVM vendor, name and version
 * @param jvmArguments the flags this JVM was started with
 * @param maxHeapBytes the heap limit
 * @param commonPoolParallelism the JDK common pool's parallelism (1: java.net.http starts a thread
 *     per response; see io.fiso.workers.invoke.CommonPool)
 */
public record Machine(
    int cores,
    long memoryBytes,
    String os,
    String cpuModel,
    String jvm,
    String jvmArguments,
    long maxHeapBytes,
    int commonPoolParallelism) {

  /** This machine and this JVM. */
  public static Machine describe() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        readCpuModel(),
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
        Runtime.getRuntime().maxMemory(),
        ForkJoinPool.getCommonPoolParallelism());
  }

  /** Label → value, in report order. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cores", Integer.toString(cores));
    m.put("memory", memoryBytes < 0 ? "unknown" : gib(memoryBytes));
    m.put("cpu", cpuModel);
    m.put("os", os);
    m.put("jvm", jvm);
    m.put("jvm flags", jvmArguments.isBlank() ? "(none)" : jvmArguments);
    m.put("max heap", gib(maxHeapBytes));
    m.put("common pool parallelism", Integer.toString(commonPoolParallelism));
    return m;
  }

  private static String gib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  static String readCpuModel() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          return line.substring(colon + 1).strip();
        }
      }
    }
    return "unknown";
  }

  static long memTotal() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.split("\\s+");
        try {
          return Long.parseLong(parts[1]) * 1024;
        } catch (RuntimeException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
