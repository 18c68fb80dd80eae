package io.fiso.devstack.junit;

import io.fiso.devstack.kafka.EmbeddedKafka;

/** The in-process KRaft broker: the default, needs nothing installed. */
final class EmbeddedBackend implements KafkaBackend {

  private final EmbeddedKafka kafka;

  EmbeddedBackend() {
    this.kafka = EmbeddedKafka.start(EmbeddedKafka.Config.defaults());
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String description() {
    return "embedded Kafka " + EmbeddedKafka.kafkaVersion() + " at " + kafka.bootstrapServers();
  }

  @Override
  public void close() {
    kafka.close();
  }
}
