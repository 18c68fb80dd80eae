package io.fiso.devstack.junit;

/** A running Kafka cluster that tests share. */
interface KafkaBackend extends AutoCloseable {

  String bootstrapServers();

  /** For messages, e.g. "embedded Kafka 4.4.0 at 127.0.0.1:40123". */
  String description();

  @Override
  void close();
}
