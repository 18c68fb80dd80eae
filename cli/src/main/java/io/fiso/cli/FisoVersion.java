package io.fiso.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.IVersionProvider;

/** {@code fiso --version}: FISO's version and the Kafka client version it carries. */
public final class FisoVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {
      "fiso " + read(FisoVersion.class, "version.properties"),
      "Kafka clients " + read(Admin.class, "/kafka/kafka-version.properties"),
      "Java " + System.getProperty("java.version")
    };
  }

  /** FISO's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return read(FisoVersion.class, "version.properties");
  }

  private static String read(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
