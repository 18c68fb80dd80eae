package io.fiso.bench.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of every benchmark that runs against a Kafka cluster: where to run (the embedded broker
 * or an existing cluster), plus the {@link RunOptions} every benchmark takes.
 */
public class CommonOptions extends RunOptions {

  @Option(
      names = "--bootstrap-servers",
      description =
          "Run against this Kafka cluster instead of the embedded broker (the default: a"
              + " single-node KRaft broker and a schema registry inside this JVM).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      description =
          "The external cluster's schema registry; without it an in-memory registry in this JVM"
              + " is used.")
  String schemaRegistryUrl;

  @Option(
      names = "--client-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client setting for every client (SASL, TLS, ...); repeatable.")
  Map<String, String> clientProperties = new LinkedHashMap<>();

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String schemaRegistryUrl() {
    return schemaRegistryUrl;
  }

  public Map<String, String> clientProperties() {
    return clientProperties;
  }
}
