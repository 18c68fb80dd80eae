package io.fiso.router.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void millisecondsReadAsStringFormatWouldPrintThem() {
    double[] samples = {0, 0.04, 0.05, 1, 4.5, 4.44, 9.94, 9.96, 10, 10.5, 99.4, 120, 12345.6};
    for (double ms : samples) {
      String expected =
          ms < 10
              ? String.format(Locale.ROOT, "%.1f ms", ms)
              : String.format(Locale.ROOT, "%.0f ms", ms);
      assertThat(Figures.ms(ms)).as("%s ms", ms).isEqualTo(expected);
    }
  }
}
