package io.fiso.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Report} as {@code <date>-<name>.md} (for people) and {@code <date>-<name>.csv}
 * (for tools; one row per machine fact, setting, figure and ratio). A later run of the same
 * benchmark on the same day replaces that day's files.
 */
public final class ReportWriter {

  /** The CSV header; every row has these columns. */
  public static final String CSV_HEADER = "kind,scenario,metric,value,unit,min,max,runs,samples";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private ReportWriter() {}

  /** The files written. */
  public record Written(Path markdown, Path csv) {}

  /**
   * Writes both files into {@code dir} (created if missing).
   *
   * @throws UncheckedIOException naming the file that could not be written
   */
  public static Written write(Report report, Path dir) {
    return write(report, dir, null);
  }

  /**
   * Writes both files into {@code dir} under {@code name} instead of the benchmark's name (null =
   * the benchmark's).
   */
  public static Written write(Report report, Path dir, String name) {
    String n = name == null || name.isBlank() ? report.benchmark() : name.strip();
    if (!n.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "--report-name '" + n + "' may hold only letters, digits, '.', '_' and '-'");
    }
    String base = DAY.format(report.started()) + "-" + n;
    Path md = dir.resolve(base + ".md");
    Path csv = dir.resolve(base + ".csv");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the report directory " + dir, e);
    }
    writeFile(md, markdown(report));
    writeFile(csv, csv(report));
    return new Written(md, csv);
  }

  private static void writeFile(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the benchmark report " + file, e);
    }
  }

  /** The Markdown report. */
  public static String markdown(Report r) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(r.title()).append("\n\n");
    b.append("Started ").append(r.started().truncatedTo(ChronoUnit.SECONDS));
    if (r.finishedAt() != null) {
      Duration took = Duration.between(r.started(), r.finishedAt());
      b.append(", took ").append(took.toSeconds()).append(" s");
    }
    b.append(".\n\n");
    if (!r.notes().isEmpty()) {
      List<String> quoted = r.notes().stream().map(n -> "> " + n.replace("\n", "\n> ")).toList();
      b.append(String.join("\n>\n", quoted)).append("\n\n");
    }
    b.append("## Machine\n\n");
    keyValues(b, r.machine().asMap());
    if (!r.environment().isEmpty()) {
      b.append("## Environment\n\n");
      keyValues(b, r.environment());
    }
    b.append("## Settings\n\n");
    keyValues(b, r.settings());
    b.append("## Figures\n\n");
    b.append("Each figure is the median of its runs; min and max show the spread.\n\n");
    b.append("| scenario | metric | median | min | max | unit | runs |\n");
    b.append("|---|---|---:|---:|---:|---|---:|\n");
    for (Figure f : r.figures()) {
      b.append("| ")
          .append(cell(f.scenario()))
          .append(" | ")
          .append(cell(f.metric()))
          .append(" | ")
          .append(format(f.median(), f.unit()))
          .append(" | ")
          .append(format(f.min(), f.unit()))
          .append(" | ")
          .append(format(f.max(), f.unit()))
          .append(" | ")
          .append(cell(f.unit()))
          .append(" | ")
          .append(f.samples().size())
          .append(" |\n");
    }
    b.append("\n");
    if (!r.ratios().isEmpty()) {
      b.append("## Ratios (medians measured in the same run)\n\n");
      b.append("| ratio | value | goal | met |\n|---|---:|---:|---|\n");
      for (Ratio q : r.ratios()) {
        b.append("| ")
            .append(cell(q.name()))
            .append(" | ")
            .append(String.format(Locale.ROOT, "%.2f", q.value()))
            .append(" | ")
            .append(q.hasGoal() ? String.format(Locale.ROOT, "≥ %.2f", q.goal()) : "")
            .append(" | ")
            .append(q.hasGoal() ? (q.met() ? "yes" : "**no**") : "")
            .append(" |\n");
      }
      b.append("\n");
    }
    return b.toString();
  }

  /** The CSV report. */
  public static String csv(Report r) {
    StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
    r.machine().asMap().forEach((k, v) -> row(b, "machine", "", k, v, "", "", "", "", ""));
    r.environment().forEach((k, v) -> row(b, "environment", "", k, v, "", "", "", "", ""));
    r.settings().forEach((k, v) -> row(b, "setting", "", k, v, "", "", "", "", ""));
    for (Figure f : r.figures()) {
      row(
          b,
          "figure",
          f.scenario(),
          f.metric(),
          plain(f.median()),
          f.unit(),
          plain(f.min()),
          plain(f.max()),
          Integer.toString(f.samples().size()),
          String.join(";", f.samples().stream().map(ReportWriter::plain).toList()));
    }
    for (Ratio q : r.ratios()) {
      row(
          b,
          "ratio",
          "",
          q.name(),
          plain(q.value()),
          "",
          q.hasGoal() ? plain(q.goal()) : "",
          "",
          "",
          q.hasGoal() ? (q.met() ? "met" : "not met") : "");
    }
    return b.toString();
  }

  private static void keyValues(StringBuilder b, Map<String, String> map) {
    b.append("| | |\n|---|---|\n");
    map.forEach(
        (k, v) -> b.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
    b.append("\n");
  }

  private static void row(StringBuilder b, String... cells) {
    List<String> quoted = java.util.Arrays.stream(cells).map(ReportWriter::csvCell).toList();
    b.append(String.join(",", quoted)).append('\n');
  }

  /** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
  static String csvCell(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** Human formatting: ms with 3 decimals, large numbers without, small ones with 2. */
  public static String format(double v, String unit) {
    if ("ms".equals(unit)) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (Math.abs(v) >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Machine formatting: no grouping, enough digits. */
  static String plain(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
