package io.fiso.costs.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fiso.costs.replay.ReplaySummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link CostReport} as an aligned table, CSV (RFC 4180) or JSON. Money is always an exact
 * plain decimal: in JSON it is a string ({@code "costUsd": "0.00123"}) so no JSON reader turns it
 * into a float.
 */
public final class ReportWriter {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private ReportWriter() {}

  public static void write(
      CostReport report, ReplaySummary summary, ReportFormat format, Writer out) {
    PrintWriter w = new PrintWriter(out);
    switch (format) {
      case TABLE -> table(report, w);
      case CSV -> csv(report, w);
      case JSON -> json(report, summary, w);
    }
    w.flush();
  }

  private static List<String> headers(CostReport report) {
    List<String> h = new ArrayList<>();
    report.dimensions().forEach(d -> h.add(d.header()));
    h.addAll(List.of("count", "errors", "cost_usd", "mean_duration_ms", "p95_duration_ms"));
    return h;
  }

  private static List<String> cells(CostReport.Row r, List<String> group) {
    List<String> c = new ArrayList<>(group);
    c.add(Long.toString(r.count()));
    c.add(Long.toString(r.errors()));
    c.add(Decimals.plain(r.cost()));
    c.add(ms(r.meanDurationMs()));
    c.add(ms(r.p95DurationMs()));
    return c;
  }

  static String ms(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static void table(CostReport report, PrintWriter w) {
    List<String> headers = headers(report).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    List<List<String>> lines = new ArrayList<>();
    for (CostReport.Row r : report.rows()) {
      lines.add(cells(r, r.group()));
    }
    List<String> blank = new ArrayList<>();
    for (int i = 0; i < report.dimensions().size(); i++) {
      blank.add(i == 0 ? "TOTAL" : "");
    }
    List<String> totalLine =
        cells(report.total(), report.dimensions().isEmpty() ? List.of() : blank);
    if (report.dimensions().isEmpty()) {
      lines.add(totalLine);
    }
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> l : lines) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
      width[i] = Math.max(width[i], totalLine.get(i).length());
    }
    int groupColumns = report.dimensions().size();
    printRow(w, headers, width, groupColumns);
    for (List<String> l : lines) {
      printRow(w, l, width, groupColumns);
    }
    if (!report.dimensions().isEmpty()) {
      StringBuilder rule = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
      }
      w.println(rule);
      printRow(w, totalLine, width, groupColumns);
    }
    w.printf(
        Locale.ROOT,
        "%nfrom %s to %s (ChargePeriodStart); cost = sum of BilledCost, USD; p95 within 1%%%n",
        report.from(),
        report.to());
  }

  private static void printRow(PrintWriter w, List<String> cells, int[] width, int groupColumns) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append("  ");
      }
      String c = cells.get(i);
      boolean left = i < groupColumns;
      String pad = " ".repeat(width[i] - c.length());
      b.append(left ? c + pad : pad + c);
    }
    w.println(b.toString().stripTrailing());
  }

  private static void csv(CostReport report, PrintWriter w) {
    w.print(Csv.line(headers(report)));
    for (CostReport.Row r : report.rows()) {
      w.print(Csv.line(cells(r, r.group())));
    }
  }

  private static void json(CostReport report, ReplaySummary summary, PrintWriter w) {
    ObjectNode root = JSON.createObjectNode();
    root.put("from", report.from().toString());
    root.put("to", report.to().toString());
    ArrayNode groupBy = root.putArray("groupBy");
    report.dimensions().forEach(d -> groupBy.add(d.header()));
    ArrayNode rows = root.putArray("rows");
    for (CostReport.Row r : report.rows()) {
      ObjectNode row = rows.addObject();
      for (int i = 0; i < report.dimensions().size(); i++) {
        row.put(report.dimensions().get(i).header(), r.group().get(i));
      }
      totals(row, r);
    }
    totals(root.putObject("total"), report.total());
    if (summary != null) {
      ObjectNode s = root.putObject("replay");
      s.put("recordsRead", summary.recordsRead());
      s.put("events", summary.events());
      s.put("undecodable", summary.undecodable());
      s.put("invalid", summary.invalid());
      s.put("duplicates", summary.duplicates());
    }
    try {
      w.println(JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void totals(ObjectNode node, CostReport.Row r) {
    node.put("count", r.count());
    node.put("errors", r.errors());
    node.put("costUsd", Decimals.plain(r.cost()));
    node.put("effectiveCostUsd", Decimals.plain(r.effectiveCost()));
    node.put("meanDurationMs", Double.parseDouble(ms(r.meanDurationMs())));
    node.put("p95DurationMs", Double.parseDouble(ms(r.p95DurationMs())));
  }
}
