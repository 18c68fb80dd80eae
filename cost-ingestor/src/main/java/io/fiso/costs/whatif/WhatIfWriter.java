package io.fiso.costs.whatif;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fiso.costs.report.Csv;
import io.fiso.costs.report.Decimals;
import io.fiso.costs.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a {@link WhatIf.Result} as a table, CSV or JSON; money as exact plain decimals. */
public final class WhatIfWriter {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private static final List<String> HEADERS =
      List.of(
          "function",
          "attempts",
          "current_usd",
          "candidate_usd",
          "saving_usd",
          "saving_pct",
          "current_p95_ms",
          "candidate_p95_ms",
          "candidate");

  private WhatIfWriter() {}

  public static void write(
      WhatIf.Result result, Instant from, Instant to, ReportFormat format, Writer out) {
    PrintWriter w = new PrintWriter(out);
    switch (format) {
      case TABLE -> table(result, from, to, w);
      case CSV -> {
        w.print(Csv.line(HEADERS));
        result.functions().forEach(f -> w.print(Csv.line(cells(f))));
      }
      case JSON -> json(result, from, to, w);
    }
    w.flush();
  }

  private static List<String> cells(WhatIf.FunctionResult f) {
    return List.of(
        f.function(),
        Long.toString(f.attempts()),
        Decimals.plain(f.currentCost()),
        Decimals.plain(f.candidateCost()),
        Decimals.plain(f.saving()),
        f.savingPercent().toPlainString(),
        ms(f.currentP95Ms()),
        ms(f.candidateP95Ms()),
        f.choice());
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static void table(WhatIf.Result r, Instant from, Instant to, PrintWriter w) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADERS.stream().map(h -> h.toUpperCase(Locale.ROOT)).toList());
    r.functions().forEach(f -> rows.add(cells(f)));
    rows.add(
        List.of(
            "TOTAL",
            Long.toString(r.functions().stream().mapToLong(WhatIf.FunctionResult::attempts).sum()),
            Decimals.plain(r.currentTotal()),
            Decimals.plain(r.candidateTotal()),
            Decimals.plain(r.saving()),
            totalPercent(r),
            "",
            "",
            ""));
    int[] width = new int[HEADERS.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (int n = 0; n < rows.size(); n++) {
      List<String> row = rows.get(n);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String c = row.get(i);
        String pad = " ".repeat(width[i] - c.length());
        boolean left = i == 0 || i == row.size() - 1;
        b.append(i == 0 ? "" : "  ").append(left ? c + pad : pad + c);
      }
      w.println(b.toString().stripTrailing());
    }
    w.printf(
        Locale.ROOT,
        "%nfrom %s to %s; cost = sum of BilledCost, USD; p95 = latency, within 1%%%n",
        from,
        to);
    for (WhatIf.FunctionResult f : r.functions()) {
      for (String note : f.notes()) {
        w.println("  " + f.function() + ": " + note);
      }
    }
  }

  private static void json(WhatIf.Result r, Instant from, Instant to, PrintWriter w) {
    ObjectNode root = JSON.createObjectNode();
    root.put("from", from.toString());
    root.put("to", to.toString());
    ArrayNode fs = root.putArray("functions");
    for (WhatIf.FunctionResult f : r.functions()) {
      ObjectNode n = fs.addObject();
      n.put("function", f.function());
      n.put("policy", f.policy());
      n.put("attempts", f.attempts());
      n.put("currentUsd", Decimals.plain(f.currentCost()));
      n.put("candidateUsd", Decimals.plain(f.candidateCost()));
      n.put("savingUsd", Decimals.plain(f.saving()));
      n.put("savingPercent", f.savingPercent());
      n.put("currentP95Ms", f.currentP95Ms());
      n.put("candidateP95Ms", f.candidateP95Ms());
      n.put("candidate", f.choice());
      ArrayNode notes = n.putArray("notes");
      f.notes().forEach(notes::add);
    }
    ObjectNode total = root.putObject("total");
    total.put("currentUsd", Decimals.plain(r.currentTotal()));
    total.put("candidateUsd", Decimals.plain(r.candidateTotal()));
    total.put("savingUsd", Decimals.plain(r.saving()));
    try {
      w.println(JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The total saving in percent of the current total, rounded to 0.1. */
  private static String totalPercent(WhatIf.Result r) {
    if (r.currentTotal().signum() == 0) {
      return "0";
    }
    return r.saving()
        .multiply(BigDecimal.valueOf(100))
        .divide(r.currentTotal(), 1, RoundingMode.HALF_EVEN)
        .toPlainString();
  }
}
