package io.fiso.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenLoopTest {

  @Test
  void eachRecordIsDueAtItsOwnSlotWhateverHappenedBefore() {
    OpenLoop.Schedule s = OpenLoop.Schedule.at(1000, 5_000_000L);
    assertThat(s.intended(0)).isEqualTo(5_000_000L);
    assertThat(s.intended(2500)).isEqualTo(5_000_000L + 2_500_000_000L);
  }

  @Test
  void theSequenceNumberIsReadBackFromTheKey() {
    assertThat(OpenLoop.seqOf(OpenLoop.key("l-b0x1", 1234567))).isEqualTo(1234567);
    assertThat(OpenLoop.seqOf("b-0")).isZero();
  }

  @Test
  void keysWithoutASequenceNumberAreNotTimed() {
    assertThat(OpenLoop.seqOf("no-number-")).isEqualTo(-1);
    assertThat(OpenLoop.seqOf("plain")).isEqualTo(-1);
    assertThat(OpenLoop.seqOf("x-12a")).isEqualTo(-1);
    assertThat(OpenLoop.seqOf((String) null)).isEqualTo(-1);
  }
}
