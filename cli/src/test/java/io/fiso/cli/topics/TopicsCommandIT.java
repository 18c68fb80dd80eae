package io.fiso.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fiso.cli.CliRun;
import io.fiso.devstack.junit.FisoKafka;
import io.fiso.devstack.junit.KafkaTestEnv;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** {@code fiso topics ...} against the real embedded broker. */
@FisoKafka
class TopicsCommandIT {

  private static CliRun fiso(KafkaTestEnv kafka, String... args) {
    return CliRun.run(
        Map.of(
            "FISO_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
            "FISO_TOPIC_PREFIX", kafka.topicPrefix()),
        args);
  }

  @Test
  void createMakesEveryTopicThenFindsThemOnTheSecondRun(KafkaTestEnv kafka) {
    CliRun first = fiso(kafka, "topics", "create");
    kafka.awaitTopics(
        TopicCatalog.DEFAULT.withPrefix(kafka.topicPrefix()).all().stream()
            .map(TopicSpec::name)
            .toList());
    CliRun second = fiso(kafka, "topics", "create");

    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(first.out())
        .contains("replication factor 1")
        .contains(
            "created  " + kafka.name("fiso.invocations") + " (6 partitions, delete, retention 7d)")
        .contains(
            "created  "
                + kafka.name("fiso.policies")
                + " (1 partition, compact, retention forever)")
        .contains("12 topics: 12 created, 0 already existed, 0 differences");
    assertThat(second.exitCode()).as("%s", second).isZero();
    assertThat(second.out())
        .contains("exists   " + kafka.name("fiso.costs"))
        .contains("12 topics: 0 created, 12 already existed, 0 differences")
        .doesNotContain("created  ");
  }

  @Test
  void createReportsATopicThatDiffersAndExitsTwo(KafkaTestEnv kafka) throws Exception {
    String costs = kafka.name("fiso.costs");
    kafka.admin().createTopics(List.of(new NewTopic(costs, 2, (short) 1))).all().get();
    kafka.awaitTopics(List.of(costs));

    CliRun run = fiso(kafka, "topics", "create");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.out())
        .contains("DIFFERS  " + costs + ": partitions is 2, the catalog says 6")
        .contains("DIFFERS  " + costs + ": retention.ms is")
        .contains("11 created, 1 already existed, 2 differences")
        .contains("never changes an existing topic");
  }

  @Test
  void partitionsAndReplicationCanBeChosen(KafkaTestEnv kafka) throws Exception {
    CliRun run =
        fiso(
            kafka,
            "topics",
            "create",
            "--replication-factor",
            "1",
            "--partitions",
            "fiso.results=2");
    String results = kafka.name("fiso.results");
    kafka.awaitTopics(List.of(results));

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("created  " + results + " (2 partitions,");
    assertThat(
            kafka
                .admin()
                .describeTopics(List.of(results))
                .allTopicNames()
                .get()
                .get(results)
                .partitions())
        .hasSize(2);
  }

  @Test
  void describeShowsTheLiveStateOfEachTopic(KafkaTestEnv kafka) throws Exception {
    String policies = kafka.name("fiso.policies");
    kafka.admin().createTopics(List.of(new NewTopic(policies, 1, (short) 1))).all().get();
    String invocations = kafka.name("fiso.invocations");
    kafka
        .admin()
        .createTopics(
            List.of(
                new NewTopic(invocations, 6, (short) 1)
                    .configs(Map.of("retention.ms", Long.toString(7L * 24 * 3600 * 1000)))))
        .all()
        .get();
    kafka.awaitTopics(List.of(policies, invocations));

    CliRun run = fiso(kafka, "topics", "describe");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out())
        .contains("LIVE (" + kafka.bootstrapServers() + ")")
        .containsPattern(
            invocations.replace(".", "\\.") + "\\s+6\\s+delete\\s+7d\\s+InvocationRequest\\s+ok")
        .containsPattern(policies.replace(".", "\\.") + ".*differs: cleanup.policy delete")
        .containsPattern(kafka.name("fiso.costs").replace(".", "\\.") + ".*missing");
  }

  @Test
  void anUnreachableBrokerIsNamedWithTheFix() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> env =
        Map.of(
            "FISO_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort,
            "FISO_KAFKA_DEFAULT_API_TIMEOUT_MS", "1500",
            "FISO_KAFKA_REQUEST_TIMEOUT_MS", "1000");

    CliRun create = CliRun.run(env, "topics", "create", "--replication-factor", "1");
    CliRun describe = CliRun.run(env, "topics", "describe");

    assertThat(create.exitCode()).as("%s", create).isEqualTo(1);
    assertThat(create.err())
        .contains("Cannot reach Kafka at 127.0.0.1:" + closedPort)
        .contains("environment variable FISO_BOOTSTRAP_SERVERS");
    assertThat(describe.exitCode()).as("%s", describe).isZero();
    assertThat(describe.out())
        .contains("fiso.invocations")
        .contains("Live state not shown: Cannot reach Kafka at 127.0.0.1:" + closedPort);
  }
}
