package io.fiso.cli.topics;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.topic.TopicCatalog;
import picocli.CommandLine.Option;

/** Which catalog a topics command works on: FISO's, optionally under a name prefix. */
final class CatalogOptions {

  /** Setting key of the prefix (env FISO_TOPIC_PREFIX). */
  static final String PREFIX_SETTING = TopicCatalog.PREFIX_SETTING;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description =
          "Prefix of every topic name, to keep several FISO deployments on one cluster apart"
              + " (setting topic.prefix, env FISO_TOPIC_PREFIX; default none).")
  String prefix;

  TopicCatalog catalog(FisoSettings settings) {
    String effective = prefix != null ? prefix : settings.string(PREFIX_SETTING, "");
    return TopicCatalog.prefixed(effective);
  }

  String prefixOrEmpty(FisoSettings settings) {
    return prefix != null ? prefix : settings.string(PREFIX_SETTING, "");
  }
}
