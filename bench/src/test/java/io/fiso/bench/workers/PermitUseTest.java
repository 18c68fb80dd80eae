package io.fiso.bench.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PermitUseTest {

  @Test
  void onlyTheStretchBetweenTheFirstAndLastFullSampleCounts() {
    // join (0, 2), then full, a free permit with a record waiting, a free one with none, full;
    // the tail after the backlog ran out (3, 0) does not count
    int[] inFlight = {0, 2, 4, 3, 3, 4, 3, 0};
    int[] waiting = {0, 0, 5, 1, 0, 2, 0, 0};
    WorkersScenario.PermitUse use = WorkersScenario.PermitUse.of(inFlight, waiting, 8, 4);
    assertThat(use.meanInFlight()).isEqualTo(3.5); // (4 + 3 + 3 + 4) / 4
    assertThat(use.freeShare()).isEqualTo(0.5);
    assertThat(use.freeWithWaitingShare()).isEqualTo(0.25);
  }

  @Test
  void aRunThatNeverFilledItsPermitsHasNoFigure() {
    int[] inFlight = {1, 2, 3};
    assertThat(WorkersScenario.PermitUse.of(inFlight, new int[3], 3, 4))
        .isEqualTo(WorkersScenario.PermitUse.NONE);
  }
}
