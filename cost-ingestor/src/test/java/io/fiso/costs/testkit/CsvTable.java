package io.fiso.costs.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads RFC 4180 CSV text (quoted fields, doubled quotes, CRLF) into a header and rows. */
public record CsvTable(List<String> header, List<List<String>> rows) {

  public static CsvTable parse(String text) {
    List<List<String>> lines = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        lines.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      lines.add(row);
    }
    return new CsvTable(lines.get(0), lines.subList(1, lines.size()));
  }

  public String cell(int row, String column) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + header);
    }
    return rows.get(row).get(i);
  }

  public BigDecimal sum(String column) {
    BigDecimal s = BigDecimal.ZERO;
    for (int r = 0; r < rows.size(); r++) {
      s = s.add(new BigDecimal(cell(r, column)));
    }
    return s;
  }

  public Map<String, String> rowMap(int r) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), rows.get(r).get(i));
    }
    return m;
  }
}
