package io.fiso.schemas.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads Confluent's schema-registry client properties into an {@link HttpSchemaRegistryClient}. */
final class RegistryClientConfig {

  private static final Logger log = LoggerFactory.getLogger(RegistryClientConfig.class);

  private static final Pattern JAAS_OPTION =
      Pattern.compile("(username|password)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private RegistryClientConfig() {}

  static HttpSchemaRegistryClient.Builder builderFrom(Map<String, ?> configs) {
    String urls = text(configs, HttpSchemaRegistryClient.URL_CONFIG);
    if (urls == null || urls.isBlank()) {
      throw new ConfigException(
          "Missing required configuration \""
              + HttpSchemaRegistryClient.URL_CONFIG
              + "\": the schema registry URL(s), e.g. http://localhost:8081");
    }
    HttpSchemaRegistryClient.Builder b = HttpSchemaRegistryClient.builder();
    try {
      b.url(urls);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    credentials(configs, b);
    tls(configs, b);
    Integer connect = integer(configs, HttpSchemaRegistryClient.CONNECT_TIMEOUT_MS_CONFIG);
    if (connect != null) {
      b.connectTimeout(
          Duration.ofMillis(positive(HttpSchemaRegistryClient.CONNECT_TIMEOUT_MS_CONFIG, connect)));
    }
    Integer read = integer(configs, HttpSchemaRegistryClient.READ_TIMEOUT_MS_CONFIG);
    if (read != null) {
      b.requestTimeout(
          Duration.ofMillis(positive(HttpSchemaRegistryClient.READ_TIMEOUT_MS_CONFIG, read)));
    }
    Integer retries = integer(configs, HttpSchemaRegistryClient.MAX_RETRIES_CONFIG);
    if (retries != null) {
      if (retries < 0) {
        throw new ConfigException(
            HttpSchemaRegistryClient.MAX_RETRIES_CONFIG, retries, "must be 0 or more");
      }
      b.maxRetries(retries);
    }
    Integer wait = integer(configs, HttpSchemaRegistryClient.RETRIES_WAIT_MS_CONFIG);
    Integer maxWait = integer(configs, HttpSchemaRegistryClient.RETRIES_MAX_WAIT_MS_CONFIG);
    if (wait != null || maxWait != null) {
      long w = wait != null ? wait : 250;
      long m = maxWait != null ? maxWait : Math.max(w, 5000);
      if (w < 0 || m < w) {
        throw new ConfigException(
            HttpSchemaRegistryClient.RETRIES_WAIT_MS_CONFIG
                + " ("
                + w
                + ") must be 0 or more and not above "
                + HttpSchemaRegistryClient.RETRIES_MAX_WAIT_MS_CONFIG
                + " ("
                + m
                + ")");
      }
      b.retryBackoff(Duration.ofMillis(w), Duration.ofMillis(m));
    }
    return b;
  }

  private static void credentials(Map<String, ?> configs, HttpSchemaRegistryClient.Builder b) {
    String bearer = text(configs, "bearer.auth.credentials.source");
    if (bearer != null && !bearer.isBlank()) {
      throw new ConfigException(
          "bearer.auth.credentials.source is set, but FISO's registry client supports basic auth"
              + " only (basic.auth.credentials.source=USER_INFO with basic.auth.user.info)");
    }
    String source = text(configs, HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE);
    if (source == null || source.isBlank()) {
      // Confluent's default is URL, which ignores basic.auth.user.info; a user who set the user
      // info surely meant it to be used.
      boolean userInfoGiven =
          text(configs, HttpSchemaRegistryClient.USER_INFO_CONFIG) != null
              || text(configs, HttpSchemaRegistryClient.LEGACY_USER_INFO_CONFIG) != null;
      source = userInfoGiven ? "USER_INFO" : "URL";
    }
    source = source.strip().toUpperCase(Locale.ROOT);
    switch (source) {
      case "URL" -> b.credentialsFromUrl(true);
      case "USER_INFO" -> {
        String userInfo = text(configs, HttpSchemaRegistryClient.USER_INFO_CONFIG);
        if (userInfo == null) {
          userInfo = text(configs, HttpSchemaRegistryClient.LEGACY_USER_INFO_CONFIG);
        }
        if (userInfo == null || userInfo.isEmpty()) {
          throw new ConfigException(
              HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE
                  + "=USER_INFO needs "
                  + HttpSchemaRegistryClient.USER_INFO_CONFIG
                  + "=user:password");
        }
        if (userInfo.indexOf(':') < 0) {
          // The value is a secret: name the setting, never echo it.
          throw new ConfigException(
              HttpSchemaRegistryClient.USER_INFO_CONFIG + " must have the form user:password");
        }
        b.userInfo(userInfo);
        b.credentialsFromUrl(false);
      }
      case "SASL_INHERIT" -> {
        String jaas = text(configs, "sasl.jaas.config");
        String user = null;
        String password = null;
        if (jaas != null) {
          Matcher m = JAAS_OPTION.matcher(jaas);
          while (m.find()) {
            String value = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
            if (m.group(1).equals("username")) {
              user = value;
            } else {
              password = value;
            }
          }
        }
        if (user == null || password == null) {
          throw new ConfigException(
              HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE
                  + "=SASL_INHERIT needs sasl.jaas.config with username=\"...\" and"
                  + " password=\"...\" (SASL PLAIN or SCRAM)");
        }
        b.basicAuth(user, password);
        b.credentialsFromUrl(false);
      }
      default ->
          throw new ConfigException(
              HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE,
              source,
              "must be URL, USER_INFO or SASL_INHERIT");
    }
  }

  private static void tls(Map<String, ?> configs, HttpSchemaRegistryClient.Builder b) {
    String p = HttpSchemaRegistryClient.SSL_PREFIX;
    TlsStores.Store truststore = store(configs, p + "truststore");
    TlsStores.Store keystore = store(configs, p + "keystore");
    String keyPassword = text(configs, p + "key.password");
    String algorithm = text(configs, p + "endpoint.identification.algorithm");
    if (algorithm != null && algorithm.isBlank()) {
      log.warn(
          "{}endpoint.identification.algorithm is empty, but the JDK HTTP client always checks that"
              + " the registry's certificate matches its host name; use a certificate whose subject"
              + " alternative names include the host in {}",
          p,
          HttpSchemaRegistryClient.URL_CONFIG);
    }
    if (truststore != null || keystore != null) {
      try {
        b.sslContext(
            TlsStores.context(
                truststore, keystore, keyPassword == null ? null : keyPassword.toCharArray()));
      } catch (SchemaRegistryException e) {
        throw new ConfigException(e.getMessage());
      }
    }
  }

  private static TlsStores.Store store(Map<String, ?> configs, String prefix) {
    String location = text(configs, prefix + ".location");
    if (location == null || location.isBlank()) {
      return null;
    }
    String password = text(configs, prefix + ".password");
    return new TlsStores.Store(
        Path.of(location.strip()),
        password == null ? null : password.toCharArray(),
        text(configs, prefix + ".type"),
        prefix + ".location");
  }

  /** A setting's text: Confluent also accepts client settings prefixed with schema.registry. */
  static String text(Map<String, ?> configs, String name) {
    Object value = configs.get(name);
    if (value == null
        && !name.startsWith(HttpSchemaRegistryClient.CLIENT_PREFIX)
        && !name.startsWith("sasl.")) {
      value = configs.get(HttpSchemaRegistryClient.CLIENT_PREFIX + name);
    }
    if (value == null) {
      return null;
    }
    if (value instanceof Password password) {
      return password.value();
    }
    if (value instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    if (value instanceof Class<?> type) {
      return type.getName();
    }
    return value.toString();
  }

  private static Integer integer(Map<String, ?> configs, String name) {
    String text = text(configs, name);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(name, text, "must be a whole number");
    }
  }

  private static long positive(String name, int value) {
    if (value <= 0) {
      throw new ConfigException(name, value, "must be a positive number of milliseconds");
    }
    return value;
  }
}
