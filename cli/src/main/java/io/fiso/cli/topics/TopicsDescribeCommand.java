package io.fiso.cli.topics;

import io.fiso.cli.Fiso;
import io.fiso.cli.KafkaAdmins;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicAdmin;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.schemas.topic.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fiso topics describe}: the catalog as a table, with each topic's live state. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "Print FISO's topic catalog (name, partitions, cleanup policy, retention, record type)"
          + " and, when the broker is reachable, whether each topic exists and matches it."
    },
    footer = {
      "",
      "Examples:",
      "  fiso topics describe",
      "  fiso topics describe --catalog-only",
      "  FISO_BOOTSTRAP_SERVERS=kafka:9092 fiso topics describe"
    })
public final class TopicsDescribeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CatalogOptions catalogOptions;

  @Option(names = "--catalog-only", description = "Print the catalog without contacting Kafka.")
  boolean catalogOnly;

  @Override
  public Integer call() throws InterruptedException {
    FisoSettings settings = Fiso.root(spec).settings();
    TopicCatalog catalog = catalogOptions.catalog(settings);
    PrintWriter out = spec.commandLine().getOut();

    Map<String, String> live = null;
    String note = null;
    if (!catalogOnly) {
      try {
        live = liveState(settings, catalog);
      } catch (TimeoutException e) {
        note = "Live state not shown: " + KafkaAdmins.unreachable(settings) + ".";
      }
    }

    List<List<String>> rows = new ArrayList<>();
    List<String> header =
        new ArrayList<>(List.of("TOPIC", "PARTITIONS", "CLEANUP", "RETENTION", "VALUE"));
    if (live != null) {
      header.add("LIVE (" + settings.bootstrapServers() + ")");
    }
    rows.add(header);
    for (TopicSpec<?> topic : catalog.all()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  topic.name(),
                  Integer.toString(topic.partitions()),
                  topic.cleanupPolicy(),
                  TopicFormat.retention(topic.retention()),
                  topic.valueType().getSimpleName()));
      if (live != null) {
        row.add(live.get(topic.name()));
      }
      rows.add(row);
    }
    TopicFormat.table(rows).forEach(out::println);
    if (note != null) {
      out.println();
      out.println(note);
    }
    out.flush();
    return 0;
  }

  /** "ok", "missing" or "differs: ..." per topic. */
  private static Map<String, String> liveState(FisoSettings settings, TopicCatalog catalog)
      throws InterruptedException {
    try (Admin admin = KafkaAdmins.open(settings)) {
      Set<String> existing = admin.listTopics().names().get();
      List<TopicSpec<?>> present =
          catalog.all().stream().filter(t -> existing.contains(t.name())).toList();
      Map<String, List<TopicAdmin.Difference>> differences =
          TopicAdmin.compare(admin, present).stream()
              .collect(Collectors.groupingBy(TopicAdmin.Difference::topic));
      Map<String, String> state = new HashMap<>();
      for (TopicSpec<?> topic : catalog.all()) {
        if (!existing.contains(topic.name())) {
          state.put(topic.name(), "missing");
        } else if (differences.containsKey(topic.name())) {
          state.put(
              topic.name(),
              "differs: "
                  + differences.get(topic.name()).stream()
                      .map(d -> d.setting() + " " + d.actual())
                      .collect(Collectors.joining(", ")));
        } else {
          state.put(topic.name(), "ok");
        }
      }
      return state;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException timeout) {
        throw timeout;
      }
      throw KafkaAdmins.failure(settings, "describe topics", e);
    }
  }
}
