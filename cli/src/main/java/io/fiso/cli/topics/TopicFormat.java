package io.fiso.cli.topics;

import io.fiso.schemas.topic.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Text shapes shared by the topics commands. */
final class TopicFormat {

  private TopicFormat() {}

  /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 1500ms}, or {@code forever} (no retention). */
  static String retention(Duration retention) {
    if (retention == null || retention.isNegative()) {
      return "forever";
    }
    long ms = retention.toMillis();
    if (ms % Duration.ofDays(1).toMillis() == 0) {
      return retention.toDays() + "d";
    }
    if (ms % Duration.ofHours(1).toMillis() == 0) {
      return retention.toHours() + "h";
    }
    if (ms % Duration.ofMinutes(1).toMillis() == 0) {
      return retention.toMinutes() + "m";
    }
    return ms + "ms";
  }

  static String summary(TopicSpec<?> spec) {
    return spec.partitions()
        + (spec.partitions() == 1 ? " partition, " : " partitions, ")
        + spec.cleanupPolicy()
        + ", retention "
        + retention(spec.retention());
  }

  /** Left-aligned columns separated by two spaces; the first row is the header. */
  static List<String> table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }
}
