package io.fiso.costs.sketch;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A mergeable quantile sketch with relative-error guarantees and real-valued (decayable) counts: a
 * log-bucketed histogram in the style of DDSketch.
 *
 * <p>Bucket {@code i} holds the values in {@code (γ^(i-1), γ^i]} with {@code γ = (1+α)/(1-α)} and
 * reports them as {@code 2γ^i/(γ+1)}, so every quantile it answers is within a relative error
 * {@code α} ({@link #relativeAccuracy()}) of the exact nearest-rank quantile of the values added
 * (with equal weights; with weights, of the weighted distribution). Values below {@link
 * #MIN_POSITIVE} count as zero and are reported as 0.
 *
 * <p>Counts are doubles so the sketch can be {@linkplain #decay decayed} (multiplied by a factor),
 * and two sketches of the same accuracy {@linkplain #merge merge} by adding their buckets: the
 * merged sketch is exactly the sketch of the union of their values. Memory is bounded by {@code
 * maxBuckets}; beyond it the lowest buckets are collapsed (their values then report high, never the
 * upper quantiles). Not thread-safe.
 */
public final class LogHistogram {

  /** 1%: p95 of 200 ms is reported between 198 and 202 ms. */
  public static final double DEFAULT_RELATIVE_ACCURACY = 0.01;

  /** Values below this (ms) count as zero. */
  public static final double MIN_POSITIVE = 1e-6;

  /** Default bound on buckets: 1e-6..1e9 ms at 1% needs about 1,750. */
  public static final int DEFAULT_MAX_BUCKETS = 2048;

  private static final byte FORMAT = 1;
  private static final double NEGLIGIBLE = 1e-12;

  private final double relativeAccuracy;
  private final double gamma;
  private final double logGamma;
  private final int maxBuckets;
  private double zeroCount;
  private double total;
  private int offset;
  private double[] counts = new double[0];

  public LogHistogram() {
    this(DEFAULT_RELATIVE_ACCURACY, DEFAULT_MAX_BUCKETS);
  }

  public LogHistogram(double relativeAccuracy) {
    this(relativeAccuracy, DEFAULT_MAX_BUCKETS);
  }

  public LogHistogram(double relativeAccuracy, int maxBuckets) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new IllegalArgumentException(
          "relative accuracy must be > 0 and < 1, was " + relativeAccuracy);
    }
    if (maxBuckets < 16) {
      throw new IllegalArgumentException("maxBuckets must be >= 16, was " + maxBuckets);
    }
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(gamma);
    this.maxBuckets = maxBuckets;
  }

  public double relativeAccuracy() {
    return relativeAccuracy;
  }

  /** Sum of the (possibly decayed) weights added. */
  public double count() {
    return total;
  }

  public boolean isEmpty() {
    return total <= 0;
  }

  /** Adds one value with weight 1. */
  public LogHistogram add(double value) {
    return add(value, 1.0);
  }

  /** Adds a value with a weight (e.g. a decay factor for an out-of-order event). */
  public LogHistogram add(double value, double weight) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("value must be finite and >= 0, was " + value);
    }
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
    }
    if (weight == 0) {
      return this;
    }
    if (value < MIN_POSITIVE) {
      zeroCount += weight;
    } else {
      int index = index(value);
      ensureRange(index);
      counts[Math.max(index, offset) - offset] += weight;
    }
    total += weight;
    return this;
  }

  /** Multiplies every count by {@code factor} (0..1): exponential decay. */
  public LogHistogram decay(double factor) {
    if (!(factor >= 0 && factor <= 1)) {
      throw new IllegalArgumentException("decay factor must be within 0..1, was " + factor);
    }
    if (factor == 1) {
      return this;
    }
    zeroCount *= factor;
    total *= factor;
    for (int i = 0; i < counts.length; i++) {
      counts[i] *= factor;
    }
    if (total < Double.MIN_NORMAL) {
      clear();
    }
    return this;
  }

  /** Adds every bucket of {@code other} (same accuracy) to this sketch. */
  public LogHistogram merge(LogHistogram other) {
    return mergeScaled(other, 1.0);
  }

  /** Adds {@code factor ×} every bucket of {@code other} (same accuracy) to this sketch. */
  public LogHistogram mergeScaled(LogHistogram other, double factor) {
    if (other.relativeAccuracy != relativeAccuracy) {
      throw new IllegalArgumentException(
          "cannot merge sketches of relative accuracy "
              + relativeAccuracy
              + " and "
              + other.relativeAccuracy);
    }
    if (!(factor >= 0) || !Double.isFinite(factor)) {
      throw new IllegalArgumentException("merge factor must be finite and >= 0, was " + factor);
    }
    if (other.isEmpty() || factor == 0) {
      return this;
    }
    zeroCount += other.zeroCount * factor;
    int first = -1;
    int last = -1;
    for (int i = 0; i < other.counts.length; i++) {
      if (other.counts[i] > 0) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first >= 0) {
      ensureRange(other.offset + first);
      ensureRange(other.offset + last);
      for (int i = first; i <= last; i++) {
        int index = Math.max(other.offset + i, offset);
        counts[index - offset] += other.counts[i] * factor;
      }
    }
    total += other.total * factor;
    return this;
  }

  /**
   * The nearest-rank quantile: the smallest value v such that at least {@code q} of the weight is
   * at or below v, within {@link #relativeAccuracy()}. NaN when empty.
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be within 0..1, was " + q);
    }
    if (isEmpty()) {
      return Double.NaN;
    }
    double target = q * total;
    double tolerance = total * 1e-9;
    double cumulative = zeroCount;
    if (zeroCount > 0 && cumulative >= target - tolerance) {
      return 0.0;
    }
    int lastNonEmpty = -1;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] <= 0) {
        continue;
      }
      lastNonEmpty = i;
      cumulative += counts[i];
      if (cumulative >= target - tolerance) {
        return value(offset + i);
      }
    }
    return lastNonEmpty < 0 ? 0.0 : value(offset + lastNonEmpty);
  }

  /** An independent copy. */
  public LogHistogram copy() {
    LogHistogram copy = new LogHistogram(relativeAccuracy, maxBuckets);
    copy.zeroCount = zeroCount;
    copy.total = total;
    copy.offset = offset;
    copy.counts = counts.clone();
    return copy;
  }

  /** Writes the sketch (only its non-negligible buckets). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(FORMAT);
    out.writeDouble(relativeAccuracy);
    out.writeInt(maxBuckets);
    out.writeDouble(zeroCount);
    out.writeDouble(total);
    int first = 0;
    int last = counts.length - 1;
    double floor = total * NEGLIGIBLE;
    while (first <= last && counts[first] <= floor) {
      first++;
    }
    while (last >= first && counts[last] <= floor) {
      last--;
    }
    int length = last - first + 1;
    out.writeInt(offset + first);
    out.writeInt(Math.max(length, 0));
    for (int i = first; i <= last; i++) {
      out.writeDouble(counts[i]);
    }
  }

  /** Reads a sketch written by {@link #writeTo}. */
  public static LogHistogram readFrom(DataInput in) throws IOException {
    byte format = in.readByte();
    if (format != FORMAT) {
      throw new IOException("unknown LogHistogram format " + format);
    }
    double accuracy = in.readDouble();
    int maxBuckets = in.readInt();
    LogHistogram h = new LogHistogram(accuracy, maxBuckets);
    h.zeroCount = in.readDouble();
    h.total = in.readDouble();
    h.offset = in.readInt();
    int length = in.readInt();
    if (length < 0 || length > maxBuckets) {
      throw new IOException("corrupt LogHistogram: " + length + " buckets");
    }
    h.counts = new double[length];
    for (int i = 0; i < length; i++) {
      h.counts[i] = in.readDouble();
    }
    return h;
  }

  int bucketCount() {
    return counts.length;
  }

  private int index(double value) {
    return (int) Math.ceil(Math.log(value) / logGamma);
  }

  private double value(int index) {
    return Math.exp(index * logGamma) * 2 / (gamma + 1);
  }

  private void clear() {
    zeroCount = 0;
    total = 0;
    counts = new double[0];
    offset = 0;
  }

  /** Grows the dense array to hold {@code index}, collapsing the lowest buckets past the bound. */
  private void ensureRange(int index) {
    if (counts.length == 0) {
      counts = new double[1];
      offset = index;
      return;
    }
    int lo = Math.min(offset, index);
    int hi = Math.max(offset + counts.length - 1, index);
    if (lo == offset && hi == offset + counts.length - 1) {
      return;
    }
    if (hi - lo + 1 > maxBuckets) {
      lo = hi - maxBuckets + 1;
    }
    double[] next = new double[hi - lo + 1];
    for (int i = 0; i < counts.length; i++) {
      int target = Math.max(offset + i, lo) - lo;
      if (target < next.length) {
        next[target] += counts[i];
      }
    }
    counts = next;
    offset = lo;
  }

  @Override
  public String toString() {
    return "LogHistogram[α="
        + relativeAccuracy
        + ", count="
        + total
        + ", buckets="
        + Arrays.stream(counts).filter(c -> c > 0).count()
        + "]";
  }
}
