package io.fiso.devstack.kafka;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the in-process broker quiet: its loggers go to WARN unless the application's Log4j 2
 * configuration names them explicitly (then that configuration wins, e.g. to debug the broker).
 */
final class KafkaLogging {

  private static final List<String> BROKER_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  private KafkaLogging() {}

  static void quietBrokerLoggers() {
    try {
      if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
        return; // Log4j 2 routed elsewhere (e.g. to another SLF4J backend): its config decides.
      }
      var configured = context.getConfiguration().getLoggers().keySet();
      for (String name : BROKER_LOGGERS) {
        if (!configured.contains(name)) {
          Configurator.setLevel(name, Level.WARN);
        }
      }
    } catch (LinkageError e) {
      // Log4j core is not on the class path: nothing to adjust.
    }
  }
}
