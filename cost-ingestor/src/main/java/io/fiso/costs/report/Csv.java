package io.fiso.costs.report;

import java.util.List;

/** RFC 4180 CSV lines: fields with a comma, quote or line break are quoted, quotes doubled. */
public final class Csv {

  private Csv() {}

  public static String field(String s) {
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

  /** One line, terminated by CRLF as RFC 4180 says. */
  public static String line(List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(field(fields.get(i)));
    }
    return b.append("\r\n").toString();
  }
}
