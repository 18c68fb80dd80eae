package io.fiso.cli.topics;

import io.fiso.cli.ExitCodes;
import io.fiso.cli.Fiso;
import io.fiso.cli.KafkaAdmins;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicAdmin;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso topics create}: creates the catalog's missing topics and reports any that differ. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create every FISO topic that does not exist yet, with the catalog's partitions, cleanup"
          + " policy and retention. Safe to run again: existing topics are never changed; each way"
          + " one differs from the catalog is printed and the exit code is 2."
    },
    footer = {
      "",
      "Examples:",
      "  fiso topics create",
      "  fiso topics create --bootstrap-servers kafka:9092 --replication-factor 3",
      "  fiso topics create --partitions fiso.invocations=12 --partitions fiso.results=12",
      "",
      "Exit codes: 0 all topics match the catalog, 1 failure (e.g. Kafka unreachable),"
          + " 2 wrong usage or topics that differ from the catalog."
    })
public final class TopicsCreateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CatalogOptions catalogOptions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      description =
          "Replication factor of new topics (default: 3, or the broker count if smaller).")
  Short replicationFactor;

  @Option(
      names = "--partitions",
      paramLabel = "TOPIC=N",
      description =
          "Partition count of a new topic instead of the catalog's, e.g. fiso.invocations=12."
              + " Repeatable.")
  Map<String, Integer> partitions = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    FisoSettings settings = Fiso.root(spec).settings();
    TopicCatalog catalog = catalogOptions.catalog(settings);
    List<TopicSpec<?>> specs = withPartitionOverrides(catalog);
    if (replicationFactor != null && replicationFactor < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--replication-factor must be at least 1, not " + replicationFactor);
    }
    PrintWriter out = spec.commandLine().getOut();
    TopicAdmin.Report report;
    short rf;
    try (Admin admin = KafkaAdmins.open(settings)) {
      rf =
          replicationFactor != null ? replicationFactor : defaultReplicationFactor(admin, settings);
      out.printf(
          "Kafka at %s, replication factor %d for new topics%n", settings.bootstrapServers(), rf);
      report = TopicAdmin.ensureTopics(admin, specs, rf);
    } catch (IllegalStateException e) {
      throw KafkaAdmins.failure(settings, "create topics", e.getCause() != null ? e.getCause() : e);
    }
    for (TopicSpec<?> topic : specs) {
      if (report.created().contains(topic.name())) {
        out.printf("  created  %s (%s)%n", topic.name(), TopicFormat.summary(topic));
      } else {
        out.printf("  exists   %s%n", topic.name());
      }
    }
    for (TopicAdmin.Difference difference : report.differences()) {
      out.printf("  DIFFERS  %s%n", difference);
    }
    out.printf(
        "%d topics: %d created, %d already existed, %d %s from the catalog.%n",
        specs.size(),
        report.created().size(),
        report.existing().size(),
        report.differences().size(),
        report.differences().size() == 1 ? "difference" : "differences");
    if (!report.consistent()) {
      out.println(
          "FISO never changes an existing topic: alter it with kafka-configs.sh /"
              + " kafka-topics.sh, or delete it and run `fiso topics create` again.");
      out.flush();
      return ExitCodes.USAGE;
    }
    out.flush();
    return ExitCodes.OK;
  }

  private List<TopicSpec<?>> withPartitionOverrides(TopicCatalog catalog) {
    String prefix = catalogOptions.prefixOrEmpty(Fiso.root(spec).settings());
    List<TopicSpec<?>> specs = new ArrayList<>();
    Map<String, Integer> unused = new LinkedHashMap<>(partitions);
    for (TopicSpec<?> topic : catalog.all()) {
      String unprefixed = topic.name().substring(prefix.length());
      Integer count = unused.remove(unprefixed);
      if (count == null) {
        count = unused.remove(topic.name());
      }
      if (count != null && count < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--partitions " + unprefixed + "=" + count + ": a topic needs at least 1 partition");
      }
      specs.add(count == null ? topic : topic.withPartitions(count));
    }
    if (!unused.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--partitions names a topic that is not in the catalog: "
              + String.join(", ", unused.keySet())
              + ". Catalog topics: "
              + String.join(
                  ", ", TopicCatalog.DEFAULT.all().stream().map(TopicSpec::name).toList()));
    }
    return specs;
  }

  private static short defaultReplicationFactor(Admin admin, FisoSettings settings)
      throws InterruptedException {
    try {
      int brokers = admin.describeCluster().nodes().get().size();
      return (short) Math.max(1, Math.min(3, brokers));
    } catch (ExecutionException e) {
      throw KafkaAdmins.failure(settings, "describe the cluster", e);
    }
  }
}
