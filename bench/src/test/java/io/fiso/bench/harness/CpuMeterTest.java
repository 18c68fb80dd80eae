package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void childrenCpuIsCountedFromTheFieldsAfterTheCommandName() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime ...
    String line =
        "4242 (java) S 1 4242 4242 0 -1 4194560 100 200 0 0 1500 300 7000 900 20 0 40 0 123";
    assertThat(CpuMeter.childrenTicks(line)).isEqualTo(7900);
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    String line = "4242 (a b) (c) S 1 4242 4242 0 -1 4194560 100 200 0 0 1500 300 11 22 20 0 40";
    assertThat(CpuMeter.childrenTicks(line)).isEqualTo(33);
  }

  @Test
  void aTruncatedLineGivesNoFigure() {
    assertThat(CpuMeter.childrenTicks("4242 (java) S 1 2 3")).isEqualTo(-1);
    assertThat(CpuMeter.childrenTicks("garbage")).isEqualTo(-1);
  }
}
