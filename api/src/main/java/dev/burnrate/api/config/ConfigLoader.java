package dev.burnrate.api.config;

import dev.burnrate.api.config.ConfigKey.Type;
import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.WriterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link BurnrateConfig} from defaults, a YAML file, environment variables and flags, in
 * that order of precedence (flags win). Unknown keys and values of the wrong type fail with the
 * file, line, column and key path.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, if any; relative paths in it are resolved against its directory
   * @param env the environment ({@code System.getenv()} in the server)
   * @param flags values from command-line flags by key path (for example {@code server.port}),
   *     already parsed with {@link #parseFlag}
   * @throws ConfigException naming the source, key and problem
   */
  public static BurnrateConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, Object> flags) {
    Map<String, Object> values = new HashMap<>();
    // Where each value that is not a default came from, as the start of an error message about it
    // ("burnrate.yaml:3:14: ingest.lateness"), for the checks that span keys.
    Map<String, String> origins = new HashMap<>();
    for (ConfigKey key : ConfigSchema.keys()) {
      key.defaultValue().ifPresent(v -> values.put(key.path(), v));
    }
    file.ifPresent(f -> ConfigFile.read(f, values, origins));
    fromEnv(env, values, origins);
    for (Map.Entry<String, Object> flag : flags.entrySet()) {
      if (ConfigSchema.key(flag.getKey()).isEmpty()) {
        throw new IllegalArgumentException("no configuration key " + flag.getKey());
      }
      values.put(flag.getKey(), flag.getValue());
      origins.put(flag.getKey(), flag.getKey() + " (command line)");
    }
    try {
      return build(values, origins, file);
    } catch (IllegalArgumentException e) {
      // A rule across keys (checked when the section is built) names its keys in the message.
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Parses a duration as the configuration writes it ({@code 500ms}, {@code 10s}, {@code 5m}).
   *
   * @throws IllegalArgumentException saying what a duration looks like
   */
  public static Duration parseDuration(String text) {
    return ConfigValues.parseDuration(text);
  }

  /**
   * Parses a flag's text as the value of a key.
   *
   * @throws ConfigException naming the flag, when the text does not fit the key's type
   */
  public static Object parseFlag(String flag, String path, String text) {
    ConfigKey key =
        ConfigSchema.key(path)
            .orElseThrow(() -> new IllegalArgumentException("no configuration key " + path));
    try {
      return ConfigValues.parse(key, text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + ": " + e.getMessage());
    }
  }

  private static void fromEnv(
      Map<String, String> env, Map<String, Object> values, Map<String, String> origins) {
    // The general rule first, then the short aliases, so an alias wins when both are set.
    for (ConfigKey key : ConfigSchema.keys()) {
      if (key.type() != Type.BRIDGE) {
        String text = env.get(key.envName());
        if (text != null) {
          putEnv(key.envName(), key, text, values, origins);
        }
      }
    }
    for (Map.Entry<String, String> alias : ConfigSchema.ENV_ALIASES.entrySet()) {
      String text = env.get(alias.getKey());
      if (text != null) {
        ConfigKey key = ConfigSchema.key(alias.getValue()).orElseThrow();
        putEnv(alias.getKey(), key, text, values, origins);
      }
    }
  }

  private static void putEnv(
      String variable,
      ConfigKey key,
      String text,
      Map<String, Object> values,
      Map<String, String> origins) {
    String origin = "environment variable " + variable + " (" + key.path() + ")";
    try {
      values.put(key.path(), ConfigValues.parse(key, text));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(origin + ": " + e.getMessage());
    }
    origins.put(key.path(), origin);
  }

  @SuppressWarnings("unchecked")
  private static BurnrateConfig build(
      Map<String, Object> v, Map<String, String> origins, Optional<Path> file) {
    return new BurnrateConfig(
        new BurnrateConfig.Server(
            (String) v.get("server.host"),
            (Integer) v.get("server.port"),
            Optional.ofNullable((Path) v.get("server.tls.cert")),
            Optional.ofNullable((Path) v.get("server.tls.key")),
            (Long) v.get("server.maxBodySize"),
            (Duration) v.get("server.shutdownTimeout"),
            (Duration) v.get("server.idleTimeout"),
            (Duration) v.get("server.headerTimeout"),
            (Duration) v.get("server.bodyTimeout"),
            (Integer) v.get("server.maxConnections")),
        new BurnrateConfig.Database(
            Optional.ofNullable((String) v.get("database.url")).filter(s -> !s.isBlank()),
            Optional.ofNullable((String) v.get("database.user")).filter(s -> !s.isBlank()),
            Optional.ofNullable((String) v.get("database.password")),
            (Integer) v.get("database.poolSize"),
            (Duration) v.get("database.connectionTimeout"),
            (Duration) v.get("database.statementTimeout"),
            (Path) v.get("database.embeddedDir")),
        ingest(v, origins),
        new BurnrateConfig.Slos(
            (List<Path>) v.get("slos.paths"),
            (Boolean) v.get("slos.watch"),
            (Duration) v.get("slos.watchInterval")),
        (BridgeSettings) v.get("bridge"),
        new BurnrateConfig.Auth(
            (Boolean) v.get("auth.required"),
            (Boolean) v.get("auth.readsRequireToken"),
            Optional.ofNullable((String) v.get("auth.adminToken")).filter(s -> !s.isBlank()),
            (Double) v.get("auth.rateLimit.requestsPerSecond"),
            (Integer) v.get("auth.rateLimit.burst"),
            (Duration) v.get("auth.cacheTtl"),
            (Double) v.get("auth.failedAuth.perSecond"),
            (Integer) v.get("auth.failedAuth.burst")),
        new BurnrateConfig.Engine(
            (Duration) v.get("engine.tickInterval"),
            (Duration) v.get("engine.noDataAfter"),
            (Double) v.get("engine.minEventsToAlert"),
            (Duration) v.get("engine.resolveAfter"),
            (Integer) v.get("engine.resolveAfterTicks"),
            (Duration) v.get("engine.pollInterval"),
            (Duration) v.get("engine.leaseTimeout"),
            (Duration) v.get("engine.leaderRetryInterval"),
            Optional.ofNullable((String) v.get("engine.instanceId")).filter(s -> !s.isBlank()),
            (Integer) v.get("engine.maxGroupsPerSlo")),
        new BurnrateConfig.Logging(
            (String) v.get("logging.format"), (String) v.get("logging.level")),
        new BurnrateConfig.Tracing(
            Optional.ofNullable((String) v.get("tracing.otlpEndpoint")).filter(s -> !s.isBlank()),
            (String) v.get("tracing.serviceName")),
        new BurnrateConfig.Reports(Optional.ofNullable((Path) v.get("reports.slaFile"))),
        file);
  }

  /**
   * The ingest section as the writer's and the routes' settings. Each key was checked alone when it
   * was read; here the keys are checked together, and the settings check themselves.
   */
  private static BurnrateConfig.Ingest ingest(Map<String, Object> v, Map<String, String> origins) {
    Duration lateness = (Duration) v.get("ingest.lateness");
    Duration seriesRetention = (Duration) v.get("ingest.seriesRetention");
    if (seriesRetention.compareTo(lateness) <= 0) {
      // Blame the key that was set, not the default next to it.
      throw origins.containsKey("ingest.seriesRetention") || !origins.containsKey("ingest.lateness")
          ? outOfOrder(
              origins,
              "ingest.seriesRetention",
              "longer",
              "ingest.lateness",
              lateness,
              seriesRetention)
          : outOfOrder(
              origins,
              "ingest.lateness",
              "shorter",
              "ingest.seriesRetention",
              seriesRetention,
              lateness);
    }
    long decompressed = (Long) v.get("ingest.limits.maxDecompressedBodyBytes");
    try {
      WriterSettings writer =
          WriterSettings.builder()
              .lateness(lateness)
              .futureTolerance((Duration) v.get("ingest.futureTolerance"))
              .idempotencyKeyTtl((Duration) v.get("ingest.idempotencyKeyTtl"))
              .maxQueuedBatches((Integer) v.get("ingest.maxQueuedBatches"))
              .maxQueuedSamples((Long) v.get("ingest.maxQueuedSamples"))
              .maxQueuedBytes((Long) v.get("ingest.maxQueuedBytes"))
              .maxSamplesPerTransaction((Integer) v.get("ingest.maxSamplesPerTransaction"))
              .bucketRetention((Duration) v.get("ingest.bucketRetention"))
              .seriesRetention(seriesRetention)
              .changeLogRetention((Duration) v.get("ingest.changeLogRetention"))
              .seriesCacheSize((Integer) v.get("ingest.seriesCacheSize"))
              .build();
      IngestLimits limits =
          IngestLimits.builder()
              // The body as received: server.maxBodySize, which never exceeds the decoded body.
              .maxCompressedBodyBytes(Math.min((Long) v.get("server.maxBodySize"), decompressed))
              .maxDecompressedBodyBytes(decompressed)
              .maxSeriesPerRequest((Integer) v.get("ingest.limits.maxSeriesPerRequest"))
              .maxSamplesPerRequest((Long) v.get("ingest.limits.maxSamplesPerRequest"))
              .maxLabelsPerSeries((Integer) v.get("ingest.limits.maxLabelsPerSeries"))
              .maxLabelNameLength((Integer) v.get("ingest.limits.maxLabelNameLength"))
              .maxLabelValueLength((Integer) v.get("ingest.limits.maxLabelValueLength"))
              .maxJsonNestingDepth((Integer) v.get("ingest.limits.maxJsonNestingDepth"))
              .maxJsonStringLength((Integer) v.get("ingest.limits.maxJsonStringLength"))
              .maxEventsPerRequest((Integer) v.get("ingest.limits.maxEventsPerRequest"))
              .build();
      return new BurnrateConfig.Ingest(writer, limits);
    } catch (IllegalArgumentException e) {
      throw settingsError(e.getMessage(), origins);
    }
  }

  /** {@code key} must be {@code relation} than {@code other}; it is not. */
  private static ConfigException outOfOrder(
      Map<String, String> origins,
      String key,
      String relation,
      String other,
      Duration otherValue,
      Duration value) {
    return new ConfigException(
        origin(origins, key)
            + ": must be "
            + relation
            + " than "
            + other
            + " ("
            + ConfigValues.format(otherValue)
            + "), got "
            + ConfigValues.format(value));
  }

  /**
   * A check of {@link WriterSettings} or {@link IngestLimits} that failed, as the error of the key
   * it concerns: their messages begin with the component's name, which is the key's last part.
   */
  private static ConfigException settingsError(String message, Map<String, String> origins) {
    int space = message.indexOf(' ');
    String component = space < 0 ? message : message.substring(0, space);
    for (ConfigKey key : ConfigSchema.keys()) {
      if (key.path().startsWith("ingest.") && key.path().endsWith("." + component)) {
        return new ConfigException(
            origin(origins, key.path()) + ": " + message.substring(space + 1));
      }
    }
    return new ConfigException("ingest: " + message);
  }

  /** Where a key's value came from, as the start of an error message; the path for a default. */
  private static String origin(Map<String, String> origins, String path) {
    return origins.getOrDefault(path, path);
  }
}
