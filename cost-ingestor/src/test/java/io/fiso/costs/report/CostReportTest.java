package io.fiso.costs.report;

import static io.fiso.costs.testkit.CostEvents.costing;
import static io.fiso.costs.testkit.CostEvents.priced;
import static io.fiso.costs.testkit.CostEvents.tagged;
import static io.fiso.costs.testkit.CostEvents.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fiso.avro.CostEvent;
import io.fiso.avro.InvocationStatus;
import io.fiso.avro.Provider;
import io.fiso.costs.testkit.CsvTable;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CostReportTest {

  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");
  private static final Instant T = Instant.parse("2026-11-01T12:00:00Z");

  private static CostEvent e(String function, Provider p, String team, String usd, double ms) {
    String region = p == Provider.AWS ? "us-east-1" : "us-central1";
    var b = costing(priced(function, target(p, region, 128), T, ms), usd);
    return (team == null ? b : tagged(b, "team", team)).build();
  }

  private static List<CostEvent> events() {
    List<CostEvent> list = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      list.add(e("checkout", Provider.AWS, "payments", "0.000001", i));
    }
    list.add(e("checkout", Provider.GCP, "payments", "0.25", 40));
    list.add(e("search", Provider.AWS, null, "1.5", 10));
    list.add(
        CostEvent.newBuilder(e("search", Provider.AWS, null, "0.0000000000000000000001", 10))
            .setStatus(InvocationStatus.TIMED_OUT)
            .build());
    return list;
  }

  private static CostReport report(List<CostEvent> events, String groupBy) {
    CostReport.Builder b = CostReport.builder(FROM, TO, Dimension.parseList(groupBy));
    events.forEach(b);
    return b.build();
  }

  private static String print(CostReport r, ReportFormat f) {
    StringWriter out = new StringWriter();
    ReportWriter.write(r, null, f, out);
    return out.toString();
  }

  @Test
  void totalsAreExactAndGroupedByEveryDimensionAsked() {
    CostReport r = report(events(), "provider,function,label:team");
    assertThat(r.rows())
        .extracting(CostReport.Row::group)
        .containsExactly(
            List.of("AWS", "search", "(none)"),
            List.of("GCP", "checkout", "payments"),
            List.of("AWS", "checkout", "payments"));
    CostReport.Row search = r.rows().get(0);
    assertThat(search.cost()).isEqualByComparingTo("1.5000000000000000000001");
    assertThat(search.count()).isEqualTo(2);
    assertThat(search.errors()).isEqualTo(1);
    CostReport.Row checkoutAws = r.rows().get(2);
    assertThat(checkoutAws.cost()).isEqualByComparingTo("0.0001");
    assertThat(checkoutAws.meanDurationMs()).isEqualTo(50.5);
    assertThat(checkoutAws.p95DurationMs()).isCloseTo(95, within(0.95));
    assertThat(r.total().cost()).isEqualByComparingTo("1.7501000000000000000001");
    assertThat(r.total().count()).isEqualTo(103);
  }

  @Test
  void theSameEventsInAnyOrderGiveTheSameReport() {
    List<CostEvent> shuffled = new ArrayList<>(events());
    Collections.shuffle(shuffled, new Random(42));
    for (ReportFormat f : ReportFormat.values()) {
      assertThat(print(report(shuffled, "function,region"), f))
          .isEqualTo(print(report(events(), "function,region"), f));
    }
  }

  @Test
  void csvAndJsonCarryMoneyAsExactPlainDecimals() {
    CostReport r = report(events(), "function");
    CsvTable csv = CsvTable.parse(print(r, ReportFormat.CSV));
    assertThat(csv.header())
        .containsExactly(
            "function", "count", "errors", "cost_usd", "mean_duration_ms", "p95_duration_ms");
    assertThat(csv.cell(0, "cost_usd")).isEqualTo("1.5000000000000000000001");
    assertThat(csv.sum("cost_usd")).isEqualByComparingTo(r.total().cost());

    JsonNode json = parse(print(r, ReportFormat.JSON));
    assertThat(json.get("total").get("costUsd").isTextual()).isTrue();
    assertThat(json.get("total").get("costUsd").asText()).isEqualTo("1.7501000000000000000001");
    assertThat(json.get("rows").get(0).get("function").asText()).isEqualTo("search");
  }

  @Test
  void theTableEndsWithATotalLine() {
    String table = print(report(events(), "provider"), ReportFormat.TABLE);
    assertThat(table.lines().findFirst().orElseThrow()).startsWith("PROVIDER").contains("COST_USD");
    assertThat(table).contains("TOTAL").contains("1.7501000000000000000001");
  }

  @Test
  void anUnknownDimensionIsAUsageError() {
    assertThatThrownBy(() -> Dimension.parseList("provider,colour"))
        .hasMessageContaining("cannot group by 'colour'")
        .hasMessageContaining("label:KEY");
  }

  private static JsonNode parse(String s) {
    try {
      return new ObjectMapper().readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
