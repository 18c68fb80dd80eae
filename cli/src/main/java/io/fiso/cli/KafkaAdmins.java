package io.fiso.cli;

import io.fiso.schemas.config.FisoSettings;
import io.fiso.schemas.config.Setting;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Opens Kafka admin clients for one-shot commands and turns connection failures into advice. */
public final class KafkaAdmins {

  private KafkaAdmins() {}

  /**
   * An admin client from the settings ({@code bootstrap.servers} and every {@code kafka.*}
   * setting), with timeouts short enough for a command line unless the settings choose others.
   */
  public static Admin open(FisoSettings settings) {
    Map<String, Object> props = settings.kafkaClientProperties();
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "fiso-cli");
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    // A one-shot command reports an unreachable broker once, itself; not one warning per retry.
    quietConnectionWarnings();
    return Admin.create(props);
  }

  /**
   * The exception to throw when an admin call failed: an unreachable broker becomes a message
   * naming the address, where it was configured and how to change it.
   */
  public static CliException failure(FisoSettings settings, String action, Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      return new CliException(ExitCodes.FAILURE, unreachable(settings) + ".", cause);
    }
    return new CliException(
        ExitCodes.FAILURE,
        "Could not "
            + action
            + " on Kafka at "
            + settings.bootstrapServers()
            + ": "
            + ErrorHandlers.describe(cause),
        cause);
  }

  /** "Cannot reach Kafka at X (bootstrap.servers from ...). Is it running? ..." */
  public static String unreachable(FisoSettings settings) {
    String origin =
        settings
            .setting(FisoSettings.BOOTSTRAP_SERVERS)
            .map(Setting::describeOrigin)
            .orElse("the default");
    return "Cannot reach Kafka at "
        + settings.bootstrapServers()
        + " (bootstrap.servers from "
        + origin
        + "). Is the broker running? Start one with `./fiso dev`, or point FISO at yours with"
        + " --bootstrap-servers, FISO_BOOTSTRAP_SERVERS or bootstrap.servers in the --config file";
  }

  private static void quietConnectionWarnings() {
    try {
      Configurator.setLevel("org.apache.kafka.clients.NetworkClient", Level.ERROR);
    } catch (LinkageError e) {
      // Another logging backend: leave it alone.
    }
  }
}
