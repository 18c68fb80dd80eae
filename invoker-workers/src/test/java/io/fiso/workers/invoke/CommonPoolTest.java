package io.fiso.workers.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPoolTest {

  @Test
  void raisesTheParallelismOnlyWhereTheJdkWouldRunThePoolSerially() {
    assertThat(CommonPool.parallelismToSet(null, 1)).isEqualTo("2");
    assertThat(CommonPool.parallelismToSet(null, 2)).isEqualTo("2");
    assertThat(CommonPool.parallelismToSet(null, 3)).isNull(); // the JDK's default is 2 already
    assertThat(CommonPool.parallelismToSet(null, 64)).isNull();
  }

  @Test
  void leavesTheUsersSettingAlone() {
    assertThat(CommonPool.parallelismToSet("1", 2)).isNull();
    assertThat(CommonPool.parallelismToSet("8", 2)).isNull();
  }
}
