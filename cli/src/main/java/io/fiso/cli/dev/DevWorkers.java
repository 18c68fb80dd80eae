package io.fiso.cli.dev;

import io.fiso.avro.Provider;
import io.fiso.schemas.registry.SchemaRegistryClient;
import io.fiso.schemas.topic.TopicCatalog;
import io.fiso.workers.Invokers;
import io.fiso.workers.WorkerGroup;
import io.fiso.workers.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One worker group per provider, configured for the emulators as {@code fiso workers} would be. */
final class DevWorkers {

  private DevWorkers() {}

  static List<WorkerGroup> start(
      Map<String, String> env, Map<String, Object> kafka, SchemaRegistryClient registry) {
    List<WorkerGroup> groups = new ArrayList<>();
    try {
      for (Provider provider : Provider.values()) {
        WorkerSettings settings = WorkerSettings.fromEnv(provider, env);
        groups.add(
            WorkerGroup.builder(settings)
                .kafka(kafka)
                .registry(registry)
                .topics(TopicCatalog.DEFAULT)
                .invoker(
                    Invokers.fromEnv(provider, env, settings.concurrency(), settings.callTimeout()))
                .start());
      }
      return groups;
    } catch (RuntimeException e) {
      groups.forEach(WorkerGroup::close);
      throw e;
    }
  }
}
