package io.fiso.devstack.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft broker+controller: every internal topic at replication
 * factor 1, share groups and the Streams rebalance protocol usable, quick to start and to
 * rebalance.
 */
final class BrokerSettings {

  static final int NODE_ID = 1;
  static final String HOST = "127.0.0.1";
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  private BrokerSettings() {}

  /** The broker's properties; {@code overrides} win over FISO's defaults. */
  static Properties of(int port, int controllerPort, Path logDir, Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    // One process that is both the KRaft controller (the only voter) and the broker.
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
    p.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());

    // A single broker cannot replicate: every internal topic at RF 1 / min.isr 1. The defaults
    // (3 and 2) leave consumer groups, transactions and share groups waiting forever.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");

    // Topics are created on purpose (fiso topics create / TopicAdmin), never by a typo.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");

    // Small and quick: a laptop or a 2-core CI machine, not a production cluster.
    p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("num.replica.fetchers", "1");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("share.coordinator.threads", "1");
    p.put("group.coordinator.threads", "1");
    // A new share group member waits one heartbeat for its first assignment: 5 s by default.
    p.put("group.share.min.heartbeat.interval.ms", "500");
    p.put("group.share.heartbeat.interval.ms", "1000");
    // Lambda's synchronous payload limit is 6 MB: let such invocations through the dev broker.
    p.put("message.max.bytes", Integer.toString(7 * 1024 * 1024));

    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }
}
