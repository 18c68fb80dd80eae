package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

  @Test
  void aCallContinuesTheCallersTraceWithANewSpan() {
    String caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    String child = TraceContext.childOf(caller);

    assertThat(TraceContext.isValid(child)).isTrue();
    assertThat(TraceContext.traceId(child)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(child).doesNotContain("00f067aa0ba902b7").endsWith("-01");
  }

  @Test
  void withoutAValidCallerTraceANewSampledTraceStarts() {
    for (String bad :
        new String[] {
          null, "", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"
        }) {
      String t = TraceContext.childOf(bad);
      assertThat(TraceContext.isValid(t)).as(bad).isTrue();
      assertThat(t).endsWith("-01");
    }
  }
}
