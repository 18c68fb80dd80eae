package io.fiso.cli.costs;

import io.fiso.avro.CostEvent;
import io.fiso.avro.PriceSheet;
import io.fiso.cli.CliException;
import io.fiso.cli.ExitCodes;
import io.fiso.costs.replay.CostReplay;
import io.fiso.costs.replay.PriceSheetsTopic;
import io.fiso.costs.replay.ReplayProgress;
import io.fiso.costs.replay.ReplaySummary;
import io.fiso.pricing.PriceBook;
import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.registry.SchemaRegistryClients;
import io.fiso.schemas.serde.AvroDeserializer;
import io.fiso.schemas.topic.TopicCatalog;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/** The options every replay command shares, and the replay they describe. */
public final class ReplayOptions {

  static final String TOPIC_PREFIX = TopicCatalog.PREFIX_SETTING;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description =
          "Start of the range, inclusive (by ChargePeriodStart): an ISO-8601 instant"
              + " (2026-11-01T00:00:00Z), a UTC date (2026-11-01), or relative: -1h, -7d.")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description = "End of the range, exclusive; same forms as --from (default: now).")
  Instant to;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "Prefix of every topic name (setting topic.prefix, env FISO_TOPIC_PREFIX).")
  String prefix;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print no progress on stderr.")
  boolean quiet;

  Instant from() {
    return from;
  }

  Instant to() {
    return to != null ? to : TimeConverter.CLOCK.instant();
  }

  TopicCatalog catalog(FisoSettings settings) {
    String p = prefix != null ? prefix : settings.string(TOPIC_PREFIX, "");
    return TopicCatalog.prefixed(p);
  }

  /**
   * Replays the cost topic from {@code --from} to {@code --to} into {@code sink}, validating with
   * the price book the cost-ingestor uses (bundled catalog + fiso.prices).
   */
  ReplaySummary replay(FisoSettings settings, PrintWriter err, Consumer<CostEvent> sink) {
    Instant start = from();
    Instant end = to();
    if (!end.isAfter(start)) {
      throw new CliException(
          ExitCodes.USAGE, "--to (" + end + ") must be after --from (" + start + ")", null);
    }
    TopicCatalog topics = catalog(settings);
    Map<String, Object> kafka = settings.kafkaClientProperties();
    SchemaRegistryClient registry = registry(settings);
    try {
      PriceBook prices =
          PriceSheetsTopic.read(
              kafka,
              topics.prices().name(),
              new AvroDeserializer<>(registry, PriceSheet.class),
              PriceBook.bundled());
      CostReplay replay =
          new CostReplay(
              kafka,
              topics.costs().name(),
              new AvroDeserializer<>(registry, CostEvent.class),
              prices);
      ReplayProgress progress =
          quiet ? ReplayProgress.none() : ReplayProgress.printingTo(err, topics.costs().name());
      return replay.replay(start, end, sink, progress);
    } catch (IllegalStateException | KafkaException e) {
      throw new CliException(
          ExitCodes.FAILURE,
          "Could not replay "
              + topics.costs().name()
              + " from Kafka at "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The schema registry client of the settings (schema.registry.url and schema.registry.*). */
  static SchemaRegistryClient registry(FisoSettings settings) {
    Map<String, Object> config = new HashMap<>();
    settings
        .withPrefix(FisoSettings.SCHEMA_REGISTRY_PREFIX)
        .forEach(
            (k, v) -> {
              config.put(k, v);
              config.put(FisoSettings.SCHEMA_REGISTRY_PREFIX + k, v);
            });
    config.put(FisoSettings.SCHEMA_REGISTRY_URL, settings.schemaRegistryUrl());
    return SchemaRegistryClients.fromConfig(config);
  }
}
