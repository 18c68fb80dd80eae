package io.fiso.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every FISO setting, read in one place. Layers, highest precedence first:
 *
 * <ol>
 *   <li>explicit values (command-line flags),
 *   <li>{@code FISO_*} environment variables ({@code FISO_BOOTSTRAP_SERVERS} is {@code
 *       bootstrap.servers}: drop {@code FISO_}, lower-case, {@code _} becomes {@code .}),
 *   <li>a properties file ({@code --config FILE}, else {@code FISO_CONFIG_FILE}),
 *   <li>defaults.
 * </ol>
 *
 * <p>Any Kafka client setting passes through with the prefix {@code kafka.}: {@code
 * kafka.security.protocol=SASL_SSL} in the file or {@code FISO_KAFKA_SASL_MECHANISM=PLAIN} in the
 * environment; see {@link #kafkaClientProperties()}. Schema registry client settings use {@code
 * schema.registry.*}; see {@link #schemaRegistryClientProperties()}.
 *
 * <pre>{@code
 * FisoSettings settings = FisoSettings.builder()
 *     .flag(FisoSettings.BOOTSTRAP_SERVERS, "--bootstrap-servers", bootstrapFlagOrNull)
 *     .configFile(configFlagOrNull)
 *     .build();                       // reads System.getenv() and the file
 * Map<String, Object> props = settings.kafkaClientProperties();
 * Duration timeout = settings.duration("router.commit.interval", Duration.ofMillis(100));
 * }</pre>
 *
 * <p>Accessors fail with a {@link ConfigException} that names the setting, where its value came
 * from and how to change it. Values of secrets (see {@link Secrets}) are never printed.
 */
public final class FisoSettings {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";

  /** Keys with this prefix are Kafka client settings, passed through without it. */
  public static final String KAFKA_PREFIX = "kafka.";

  /** Keys with this prefix are schema registry client settings. */
  public static final String SCHEMA_REGISTRY_PREFIX = "schema.registry.";

  public static final String ENV_PREFIX = "FISO_";

  /** The environment variable naming the properties file when {@code --config} is not given. */
  public static final String CONFIG_FILE_ENV = "FISO_CONFIG_FILE";

  /**
   * {@code FISO_*} variables that steer tools rather than hold settings: the config file, the
   * launcher's JVM options, the test Kafka choice and the log levels read by the logging config.
   */
  private static final Set<String> NOT_SETTINGS =
      Set.of(
          CONFIG_FILE_ENV,
          "FISO_JAVA_OPTS",
          "FISO_TEST_KAFKA",
          "FISO_TEST_KAFKA_IMAGE",
          "FISO_HOME",
          "FISO_LOG_LEVEL",
          "FISO_LOG_LEVEL_KAFKA");

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]\\s]+):(\\d+)");

  private final Map<String, Setting> settings;
  private final Map<String, String> flagNames;
  private final Path configFile;

  private FisoSettings(Map<String, Setting> settings, Map<String, String> flagNames, Path file) {
    this.settings = settings;
    this.flagNames = flagNames;
    this.configFile = file;
  }

  /** The process environment, {@code FISO_CONFIG_FILE} if set, and defaults. */
  public static FisoSettings fromEnvironment() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The environment variable that sets {@code key}, e.g. {@code FISO_KAFKA_SASL_MECHANISM}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The key an environment variable sets, e.g. {@code FISO_BOOTSTRAP_SERVERS} → {@code
   * bootstrap.servers}.
   */
  public static String keyOf(String envName) {
    if (!envName.startsWith(ENV_PREFIX)) {
      throw new IllegalArgumentException(envName + " does not start with " + ENV_PREFIX);
    }
    return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  // ---------------------------------------------------------------- common settings

  /** {@code bootstrap.servers}: a comma-separated list of host:port, checked. */
  public String bootstrapServers() {
    String value = require(BOOTSTRAP_SERVERS);
    for (String entry : value.split(",", -1)) {
      Matcher m = HOST_PORT.matcher(entry.trim());
      if (!m.matches() || !validPort(m.group(2))) {
        throw invalid(
            BOOTSTRAP_SERVERS,
            "has an entry '"
                + entry.trim()
                + "' that is not host:port (expected a comma-separated list such as "
                + DEFAULT_BOOTSTRAP_SERVERS
                + ")");
      }
    }
    return value;
  }

  /** {@code schema.registry.url}: an http or https URL, checked; no trailing slash. */
  public String schemaRegistryUrl() {
    URI uri = httpUri(SCHEMA_REGISTRY_URL);
    String url = uri.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Properties for any Kafka client (producer, consumer, admin, streams): {@code bootstrap.servers}
   * plus every {@code kafka.*} setting without its prefix (e.g. {@code security.protocol}, {@code
   * sasl.jaas.config}, {@code ssl.truststore.location}). A service adds its own client settings on
   * top of this map.
   */
  public Map<String, Object> kafkaClientProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.putAll(withPrefix(KAFKA_PREFIX));
    props.put(BOOTSTRAP_SERVERS, bootstrapServers());
    return props;
  }

  /**
   * Settings for the schema registry client in Confluent's serde-config shape, as {@code
   * io.fiso.schemas.registry.SchemaRegistryClients.fromConfig} (and Confluent's own clients) read
   * them: {@code schema.registry.url} (checked) and {@code schema.registry.ssl.*} keep their names;
   * every other {@code schema.registry.X} setting becomes {@code X}, e.g. {@code
   * schema.registry.basic.auth.user.info} (env {@code FISO_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO})
   * becomes {@code basic.auth.user.info}, {@code schema.registry.http.read.timeout.ms} becomes
   * {@code http.read.timeout.ms}.
   */
  public Map<String, String> schemaRegistryClientProperties() {
    Map<String, String> props = new TreeMap<>();
    withPrefix(SCHEMA_REGISTRY_PREFIX)
        .forEach(
            (name, value) -> {
              if (name.startsWith("ssl.")) {
                props.put(SCHEMA_REGISTRY_PREFIX + name, value);
              } else if (!name.equals("url")) {
                props.put(name, value);
              }
            });
    props.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
    return props;
  }

  // ---------------------------------------------------------------- generic accessors

  /** The resolved setting, with its source. */
  public Optional<Setting> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** The raw value, if any layer sets it. */
  public Optional<String> optional(String key) {
    return setting(key).map(Setting::value);
  }

  /** The raw value; fails naming the setting and how to set it when no layer does. */
  public String require(String key) {
    Setting s = settings.get(key);
    if (s == null || s.value().isBlank()) {
      String why =
          s == null
              ? "Missing setting " + key
              : "Setting " + key + " is empty (from " + s.describeOrigin() + ")";
      throw new ConfigException(key, why + ": set it with " + howToSet(key) + ".");
    }
    return s.value();
  }

  public String string(String key, String defaultValue) {
    return optional(key).orElse(defaultValue);
  }

  public int intValue(String key, int defaultValue) {
    return parse(key, defaultValue, Integer::parseInt, "an integer, e.g. 4");
  }

  public long longValue(String key, long defaultValue) {
    return parse(key, defaultValue, Long::parseLong, "an integer, e.g. 1000");
  }

  /** {@code true} or {@code false} (any case). */
  public boolean booleanValue(String key, boolean defaultValue) {
    return parse(
        key,
        defaultValue,
        v -> {
          String lower = v.trim().toLowerCase(Locale.ROOT);
          if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException();
          }
          return Boolean.parseBoolean(lower);
        },
        "true or false");
  }

  /**
   * A duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601
   * ({@code PT30S}).
   */
  public Duration duration(String key, Duration defaultValue) {
    return parse(
        key,
        defaultValue,
        FisoSettings::parseDuration,
        "a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S");
  }

  /** One of the enum's constants, case-insensitive. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    return parse(
        key,
        defaultValue,
        v -> Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT)),
        "one of " + allowed);
  }

  public Path path(String key, Path defaultValue) {
    return parse(key, defaultValue, Path::of, "a file system path");
  }

  /** An http(s) URL; fails when missing. */
  public URI httpUri(String key) {
    String value = require(key);
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid(
          key, "is not an http(s) URL with a host, such as " + DEFAULT_SCHEMA_REGISTRY_URL);
    }
  }

  /** Every setting whose key starts with {@code prefix}, with the prefix removed. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    settings.forEach(
        (key, s) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            out.put(key.substring(prefix.length()), s.value());
          }
        });
    return out;
  }

  /** Every resolved setting, sorted by key. */
  public Collection<Setting> all() {
    return settings.values();
  }

  /** The properties file that was read, if any. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  /**
   * How a user sets {@code key}: the flag (when the command has one), the environment variable and
   * the properties-file line.
   */
  public String howToSet(String key) {
    String flag = flagNames.get(key);
    return (flag == null ? "" : "the flag " + flag + ", ")
        + "the environment variable "
        + envName(key)
        + " or the line "
        + key
        + "=... in the properties file (--config FILE or "
        + CONFIG_FILE_ENV
        + ")";
  }

  /** All settings with their sources; secret values hidden. */
  @Override
  public String toString() {
    return settings.values().stream()
        .map(Setting::toString)
        .collect(Collectors.joining(", ", "FisoSettings{", "}"));
  }

  private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
    Setting s = settings.get(key);
    if (s == null) {
      return defaultValue;
    }
    try {
      return parser.apply(s.value().trim());
    } catch (RuntimeException e) {
      throw invalid(key, "is not " + expected);
    }
  }

  private ConfigException invalid(String key, String problem) {
    Setting s = settings.get(key);
    String shown = s == null ? "(unset)" : "'" + s.printableValue() + "'";
    String where = s == null ? "" : " (from " + s.describeOrigin() + ")";
    String fix =
        s == null || s.source() == SettingSource.DEFAULT
            ? "set it with " + howToSet(key)
            : "change " + s.describeOrigin();
    return new ConfigException(
        key, "Invalid setting " + key + ": " + shown + where + " " + problem + "; " + fix + ".");
  }

  private static boolean validPort(String digits) {
    try {
      int port = Integer.parseInt(digits);
      return port > 0 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.regionMatches(true, 0, "P", 0, 1)) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException(text);
    };
  }

  /** Collects the layers; {@link #build()} merges them. */
  public static final class Builder {

    private Map<String, String> environment;
    private Path configFile;
    private String configFileOrigin;
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final Map<String, String> flagOrigins = new LinkedHashMap<>();
    private final Map<String, String> flagNames = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();

    private Builder() {
      defaults.put(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
      defaults.put(SCHEMA_REGISTRY_URL, DEFAULT_SCHEMA_REGISTRY_URL);
    }

    /** The environment to read {@code FISO_*} from (default: {@link System#getenv()}). */
    public Builder environment(Map<String, String> env) {
      this.environment = Map.copyOf(env);
      return this;
    }

    /**
     * The properties file given by {@code --config}; {@code null} = use {@code FISO_CONFIG_FILE}.
     */
    public Builder configFile(Path file) {
      this.configFile = file;
      this.configFileOrigin = "--config";
      return this;
    }

    /**
     * An explicit value from a command-line flag (highest precedence). A {@code null} value only
     * records the flag's name, so that messages about {@code key} mention it.
     */
    public Builder flag(String key, String flagName, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(flagName, "flagName");
      flagNames.put(key, flagName);
      if (value != null) {
        flags.put(key, value);
        flagOrigins.put(key, flagName);
      }
      return this;
    }

    /** An explicit value set by code (same precedence as a flag). */
    public Builder set(String key, String value) {
      flags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      flagOrigins.put(key, "(set by the program)");
      return this;
    }

    /** A default for a service's own setting (lowest precedence). */
    public Builder defaultValue(String key, String value) {
      defaults.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Reads the environment and the properties file and merges every layer.
     *
     * @throws ConfigException when the properties file is missing or unreadable
     */
    public FisoSettings build() {
      Map<String, String> env = environment == null ? System.getenv() : environment;
      Map<String, Setting> merged = new TreeMap<>();
      defaults.forEach(
          (k, v) -> merged.put(k, new Setting(k, v, SettingSource.DEFAULT, "default")));

      Path file = configFile;
      String fileOrigin = configFileOrigin;
      if (file == null && env.get(CONFIG_FILE_ENV) != null && !env.get(CONFIG_FILE_ENV).isBlank()) {
        try {
          file = Path.of(env.get(CONFIG_FILE_ENV));
        } catch (InvalidPathException e) {
          throw new ConfigException(
              null,
              "The environment variable "
                  + CONFIG_FILE_ENV
                  + " is not a valid path: "
                  + e.getMessage());
        }
        fileOrigin = "the environment variable " + CONFIG_FILE_ENV;
      } else if (file != null) {
        fileOrigin = "the flag " + fileOrigin;
      }
      Path absoluteFile = file == null ? null : file.toAbsolutePath().normalize();
      if (absoluteFile != null) {
        readFile(absoluteFile, fileOrigin)
            .forEach(
                (k, v) ->
                    merged.put(k, new Setting(k, v, SettingSource.FILE, absoluteFile.toString())));
      }

      env.forEach(
          (name, value) -> {
            if (name.startsWith(ENV_PREFIX)
                && name.length() > ENV_PREFIX.length()
                && !NOT_SETTINGS.contains(name)) {
              String key = keyOf(name);
              merged.put(key, new Setting(key, value, SettingSource.ENVIRONMENT, name));
            }
          });

      flags.forEach(
          (k, v) -> merged.put(k, new Setting(k, v, SettingSource.FLAG, flagOrigins.get(k))));

      return new FisoSettings(
          java.util.Collections.unmodifiableMap(merged), Map.copyOf(flagNames), absoluteFile);
    }

    private static Map<String, String> readFile(Path file, String origin) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(reader);
      } catch (NoSuchFileException e) {
        throw new ConfigException(
            null,
            "The properties file "
                + file
                + " (named by "
                + origin
                + ") does not exist: create it or point "
                + origin.replaceFirst("^the (flag|environment variable) ", "")
                + " at an existing file.");
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException(
            null,
            "Cannot read the properties file "
                + file
                + " (named by "
                + origin
                + "): "
                + e.getMessage(),
            e);
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (String name : props.stringPropertyNames()) {
        out.put(name.trim(), props.getProperty(name).trim());
      }
      return out;
    }
  }
}
