package io.fiso.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How busy the machine's CPUs were while a benchmark ran, and how much of that was this JVM: on a
 * shared machine the rest is other processes, and figures taken under their load are indicative
 * only. Reads {@code /proc/stat} (Linux); elsewhere only this JVM's share is known.
 */
public final class CpuMeter {

  /** One reading. */
  public record Snapshot(long wallNanos, long busyTicks, long totalTicks, long processCpuNanos) {}

  /**
   * What happened between two readings, as fractions of all cores' time.
   *
   * @param machineBusy every process, 0..1 (-1 when /proc/stat is unreadable)
   * @param thisProcess this JVM (broker, apps under test, load generator, measuring consumers) and
   *     the child processes it started and waited for
   * @param others machineBusy minus thisProcess (-1 when unknown)
   */
  public record Usage(double machineBusy, double thisProcess, double others, String loadAverage) {
    public String describe() {
      if (machineBusy < 0) {
        return String.format(Locale.ROOT, "this JVM %.0f%% of all cores", thisProcess * 100);
      }
      return String.format(
          Locale.ROOT,
          "machine %.0f%% busy: this JVM %.0f%%, other processes %.0f%% of all cores;"
              + " load average at the end %s",
          machineBusy * 100,
          thisProcess * 100,
          others * 100,
          loadAverage);
    }
  }

  private CpuMeter() {}

  public static Snapshot read() {
    long busy = -1;
    long total = -1;
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long sum = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        sum += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      total = sum;
      busy = sum - idle;
    } catch (IOException | RuntimeException e) {
      // not Linux: only this JVM's share is reported
    }
    return new Snapshot(System.nanoTime(), busy, total, processCpuNanos());
  }

  public static Usage between(Snapshot a, Snapshot b) {
    int cores = Runtime.getRuntime().availableProcessors();
    long wall = Math.max(1, b.wallNanos() - a.wallNanos());
    double self = Math.max(0, b.processCpuNanos() - a.processCpuNanos()) / (double) wall / cores;
    if (a.totalTicks() < 0 || b.totalTicks() <= a.totalTicks()) {
      return new Usage(-1, self, -1, loadAverage());
    }
    double busy = (b.busyTicks() - a.busyTicks()) / (double) (b.totalTicks() - a.totalTicks());
    return new Usage(busy, self, Math.max(0, busy - self), loadAverage());
  }

  /** {@code /proc/loadavg}'s 1, 5 and 15 minute averages, or "unknown". */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long processCpuNanos() {
    long own = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      own = Math.max(0, os.getProcessCpuTime());
    }
    return own + reapedChildrenNanos();
  }

  /**
   * The CPU time of the child processes this JVM started and that have ended ({@code fiso bench
   * dev} starts {@code fiso dev} as one): they count as this benchmark's work, not as another
   * process's. 0 when /proc is unreadable.
   */
  private static long reapedChildrenNanos() {
    try {
      long ticks = childrenTicks(Files.readString(Path.of("/proc/self/stat")));
      return ticks < 0 ? 0 : ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every common architecture. */
  static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * The {@code cutime + cstime} fields (16 and 17) of a {@code /proc/<pid>/stat} line, in clock
   * ticks: the CPU time of the children that process has waited for; -1 when the line has no such
   * fields. The command name (field 2) may hold spaces and parentheses, so fields are counted from
   * its closing parenthesis.
   */
  static long childrenTicks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = statLine.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state): field n is f[n - 3]
    if (f.length < 15) {
      return -1;
    }
    try {
      return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
