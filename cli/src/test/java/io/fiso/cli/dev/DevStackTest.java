package io.fiso.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackTest {

  @Test
  void aDataDirectoryKeepsItsStaticMemberIdAcrossRestartsAndAnotherGetsItsOwn(
      @TempDir Path one, @TempDir Path other) {
    String id = DevStack.memberId(one);
    Map<String, Object> router = DevStack.staticMember(Map.of(), id, "router");
    Map<String, Object> costs = DevStack.staticMember(Map.of(), id, "cost-ingestor");
    assertThat(router).containsEntry("group.instance.id", "fiso-dev-" + id + "-router");
    assertThat(costs).containsEntry("group.instance.id", "fiso-dev-" + id + "-cost-ingestor");
    // a restart on the same data reads the same id back
    assertThat(DevStack.memberId(one)).isEqualTo(id);
    assertThat(Files.exists(one.resolve(DevStack.MEMBER_ID_FILE))).isTrue();
    // another data directory (another fiso dev sharing a cluster) never fences this one
    assertThat(DevStack.memberId(other)).isNotEqualTo(id);
  }

  @Test
  void aGroupInstanceIdInTheKafkaSettingsWins() {
    assertThat(DevStack.staticMember(Map.of("group.instance.id", "mine"), "abc", "router"))
        .isEmpty();
    assertThat(
            DevStack.staticMember(Map.of("main.consumer.group.instance.id", "m"), "abc", "router"))
        .isEmpty();
  }

  @Test
  void anUnreadableIdFileIsReplaced(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(DevStack.MEMBER_ID_FILE), "not an id!\n");
    String id = DevStack.memberId(dir);
    assertThat(id).matches("[0-9a-f]{12}");
    assertThat(Files.readString(dir.resolve(DevStack.MEMBER_ID_FILE)).strip()).isEqualTo(id);
  }
}
