package io.fiso.costs.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

  private static final double[] QUANTILES = {0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

  /** Nearest-rank quantile: the smallest value with at least q of the values at or below it. */
  static double exactQuantile(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  @Property(tries = 300)
  void everyQuantileIsWithinTheStatedRelativeError(
      @ForAll @Size(min = 1, max = 400) List<@DoubleRange(min = 0.01, max = 600_000) Double> values,
      @ForAll @DoubleRange(min = 0.002, max = 0.05) @Scale(4) double accuracy) {
    LogHistogram sketch = new LogHistogram(accuracy, 8192);
    values.forEach(sketch::add);
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    for (double q : QUANTILES) {
      double exact = exactQuantile(sorted, q);
      assertThat(sketch.quantile(q))
          .as("q=%s of %d values", q, sorted.length)
          .isCloseTo(exact, within(exact * accuracy * (1 + 1e-9)));
    }
  }

  @Property(tries = 200)
  void mergingTwoSketchesEqualsSketchingTheUnion(
      @ForAll @Size(max = 200) List<@DoubleRange(min = 0, max = 100_000) Double> a,
      @ForAll @Size(max = 200) List<@DoubleRange(min = 0, max = 100_000) Double> b) {
    LogHistogram left = new LogHistogram();
    a.forEach(left::add);
    LogHistogram right = new LogHistogram();
    b.forEach(right::add);
    LogHistogram union = new LogHistogram();
    a.forEach(union::add);
    b.forEach(union::add);

    LogHistogram merged = left.copy().merge(right);

    assertThat(merged.count()).isEqualTo(union.count());
    assertThat(Arrays.stream(QUANTILES).map(merged::quantile).toArray())
        .containsExactly(Arrays.stream(QUANTILES).map(union::quantile).toArray());
  }

  @Test
  void decayingEveryValueAlikeKeepsTheQuantilesButShrinksTheCount() {
    LogHistogram sketch = new LogHistogram();
    for (int i = 1; i <= 100; i++) {
      sketch.add(i);
    }
    double p95 = sketch.quantile(0.95);

    sketch.decay(0.25);

    assertThat(sketch.count()).isCloseTo(25.0, within(1e-9));
    assertThat(sketch.quantile(0.95)).isEqualTo(p95);
  }

  @Test
  void decayedOldValuesWeighLessThanNewOnes() {
    LogHistogram sketch = new LogHistogram();
    for (int i = 0; i < 100; i++) {
      sketch.add(1000); // slow, long ago
    }
    sketch.decay(1.0 / 1024); // ten half-lives later
    for (int i = 0; i < 100; i++) {
      sketch.add(10); // fast, now
    }
    assertThat(sketch.quantile(0.95)).isCloseTo(10, within(0.1));
    assertThat(sketch.quantile(1.0)).isCloseTo(1000, within(10.0));
  }

  @Test
  void zeroesAreReportedAsZero() {
    LogHistogram sketch = new LogHistogram();
    sketch.add(0).add(0).add(0).add(5);
    assertThat(sketch.quantile(0.5)).isZero();
    assertThat(sketch.quantile(1.0)).isCloseTo(5, within(0.05));
  }

  @Test
  void anEmptySketchHasNoQuantile() {
    assertThat(new LogHistogram().quantile(0.5)).isNaN();
  }

  @Test
  void rejectsNegativeAndNonFiniteValues() {
    LogHistogram sketch = new LogHistogram();
    assertThatThrownBy(() -> sketch.add(-1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> sketch.add(Double.NaN)).hasMessageContaining("finite");
    assertThatThrownBy(() -> sketch.merge(new LogHistogram(0.02)))
        .hasMessageContaining("relative accuracy");
  }

  @Test
  void memoryIsBoundedAndTheUpperQuantilesStayAccurate() {
    LogHistogram sketch = new LogHistogram(0.01, 64);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double v = Math.pow(10, -3 + 9.0 * i / 1000);
      values.add(v);
      sketch.add(v);
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(sketch.bucketCount()).isLessThanOrEqualTo(64);
    assertThat(sketch.quantile(0.99))
        .isCloseTo(exactQuantile(sorted, 0.99), within(exactQuantile(sorted, 0.99) * 0.01));
  }

  @Property(tries = 100)
  void survivesSerialisation(
      @ForAll @Size(max = 300) List<@DoubleRange(min = 0, max = 1e7) Double> values,
      @ForAll @DoubleRange(min = 0.01, max = 1) double decay)
      throws IOException {
    LogHistogram sketch = new LogHistogram();
    values.forEach(sketch::add);
    sketch.decay(decay);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sketch.writeTo(new DataOutputStream(bytes));
    LogHistogram read =
        LogHistogram.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(read.count()).isEqualTo(sketch.count());
    assertThat(Arrays.stream(QUANTILES).map(read::quantile).toArray())
        .containsExactly(Arrays.stream(QUANTILES).map(sketch::quantile).toArray());
  }
}
