package io.fiso.bench.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

  private static final String STATUS =
      String.join(
          "\n",
          "Name:\tjava",
          "State:\tS (sleeping)",
          "VmPeak:\t 9876543 kB",
          "VmHWM:\t  512000 kB",
          "VmRSS:\t  471234 kB",
          "RssAnon:\t  400000 kB",
          "Threads:\t123",
          "");

  @Test
  void residentMemoryIsReadInKibibytesAndGivenInBytes() {
    assertThat(ProcStatus.kib(STATUS, "VmRSS")).isEqualTo(471_234L * 1024);
    assertThat(ProcStatus.kib(STATUS, "VmHWM")).isEqualTo(512_000L * 1024);
  }

  @Test
  void aFieldWhoseNameStartsAnotherIsNotConfusedWithIt() {
    assertThat(ProcStatus.kib("VmRSSX:\t1 kB\nVmRSS:\t2 kB\n", "VmRSS")).isEqualTo(2048);
  }

  @Test
  void aMissingFieldIsMinusOne() {
    assertThat(ProcStatus.kib("Name:\tjava\n", "VmRSS")).isEqualTo(-1);
  }

  @Test
  void aFieldInAnotherUnitIsRefusedNotMisread() {
    assertThatThrownBy(() -> ProcStatus.kib("VmRSS:\t 12 MB\n", "VmRSS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VmRSS:\t 12 MB");
  }

  @Test
  void thisProcessHasAResidentSize() {
    long pid = ProcessHandle.current().pid();
    if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/status"))) {
      assertThat(ProcStatus.residentBytes(pid)).isPositive();
    }
  }
}
