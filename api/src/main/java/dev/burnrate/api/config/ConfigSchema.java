package dev.burnrate.api.config;

import dev.burnrate.api.config.ConfigKey.Type;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.WriterSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Every key of {@code burnrate.yaml}, with its type, default and environment variable. */
final class ConfigSchema {
  private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

  /** Short environment variables kept for convenience, next to the general rule. */
  static final Map<String, String> ENV_ALIASES =
      Map.of(
          "BURNRATE_DB_URL", "database.url",
          "BURNRATE_DB_USER", "database.user",
          "BURNRATE_DB_PASSWORD", "database.password",
          "BURNRATE_PORT", "server.port",
          "BURNRATE_ADMIN_TOKEN", "auth.adminToken",
          "BURNRATE_SLOS", "slos.paths");

  static {
    key("server.host", Type.STRING, "0.0.0.0", "Address the HTTP server binds to.");
    key("server.port", Type.INT, 8080, "The one HTTP port for ingest, API and /metrics.");
    unset("server.tls.cert", Type.PATH, "PEM certificate chain; with tls.key it turns on TLS.");
    unset("server.tls.key", Type.PATH, "PEM private key of the certificate.");
    key(
        "server.maxBodySize",
        Type.BYTES,
        16L * 1024 * 1024,
        "Largest request body accepted; larger bodies get 413.");
    key(
        "server.shutdownTimeout",
        Type.DURATION,
        Duration.ofSeconds(30),
        "How long a shutdown waits for requests in flight.");
    key(
        "server.idleTimeout",
        Type.DURATION,
        Duration.ofSeconds(60),
        "A connection that sends and receives nothing for this long is closed.");
    key(
        "server.headerTimeout",
        Type.DURATION,
        Duration.ofSeconds(60),
        "A request's headers must arrive within this time of the connection opening or of the"
            + " previous answer on it; else the connection is closed.");
    key(
        "server.bodyTimeout",
        Type.DURATION,
        Duration.ofSeconds(60),
        "A request's body must arrive within this time of its headers; else 408.");
    key(
        "server.maxConnections",
        Type.INT,
        4096,
        "Open connections at most; more are closed at once (keep it under the file limit).");
    unset(
        "database.url",
        Type.STRING,
        "JDBC URL of PostgreSQL; unset means localhost:5432 or an embedded PostgreSQL.");
    unset("database.user", Type.STRING, "Database user (may also be in the URL).");
    unset("database.password", Type.SECRET, "Database password; never logged.");
    key("database.poolSize", Type.INT, 10, "Maximum connections in the pool.");
    key(
        "database.connectionTimeout",
        Type.DURATION,
        Duration.ofSeconds(5),
        "How long to wait for a connection before a request fails.");
    key(
        "database.statementTimeout",
        Type.DURATION,
        Duration.ofSeconds(30),
        "The server-side limit on one statement.");
    key(
        "database.embeddedDir",
        Type.PATH,
        "data/postgres",
        "Data directory of the embedded PostgreSQL used when no database answers.");
    // The ingest section's defaults are the store's and the ingest routes' own.
    WriterSettings writer = WriterSettings.defaults();
    key(
        "ingest.lateness",
        Type.DURATION,
        writer.lateness(),
        "How far behind the clock a sample may be; older ones are counted as tooLate.");
    key(
        "ingest.futureTolerance",
        Type.DURATION,
        writer.futureTolerance(),
        "How far ahead of the clock a sample may be (clock skew); 0s allows none.");
    key(
        "ingest.idempotencyKeyTtl",
        Type.DURATION,
        writer.idempotencyKeyTtl(),
        "How long a committed Idempotency-Key turns a re-sent request into duplicates.");
    key(
        "ingest.seriesRetention",
        Type.DURATION,
        writer.seriesRetention(),
        "How long the state of a series that stopped sending is kept; longer than the lateness.");
    key(
        "ingest.bucketRetention",
        Type.DURATION,
        writer.bucketRetention(),
        "How long minute buckets are kept (TimescaleDB retention policy or deletes); at least 1d.");
    key(
        "ingest.changeLogRetention",
        Type.DURATION,
        writer.changeLogRetention(),
        "How long change-log rows are kept when no engine consumes them.");
    key(
        "ingest.seriesCacheSize",
        Type.INT,
        writer.seriesCacheSize(),
        "Series states the writer keeps in memory after committing them; 0 turns the cache off.");
    key(
        "ingest.seriesState",
        Type.ENUM,
        writer.seriesState().name().toLowerCase(Locale.ROOT),
        List.of("inline", "log"),
        "Where counters' last values are kept: inline in each request's transaction, or log"
            + " (one row per commit, applied later; buckets visible one applyInterval after).");
    key(
        "ingest.applyInterval",
        Type.DURATION,
        writer.applyInterval(),
        "With seriesState log: how often the series log is applied to buckets and states.");
    key(
        "ingest.maxQueuedBatches",
        Type.INT,
        writer.maxQueuedBatches(),
        "Requests accepted and not yet committed; beyond it ingest answers 503.");
    key(
        "ingest.maxQueuedSamples",
        Type.LONG,
        writer.maxQueuedSamples(),
        "Samples accepted and not yet committed; beyond it ingest answers 503.");
    key(
        "ingest.maxQueuedBytes",
        Type.BYTES,
        writer.maxQueuedBytes(),
        "Estimated memory of accepted, uncommitted requests; beyond it ingest answers 503.");
    key(
        "ingest.maxSamplesPerTransaction",
        Type.INT,
        writer.maxSamplesPerTransaction(),
        "A group commit stops taking requests at this many samples.");
    IngestLimits limits = IngestLimits.defaults();
    key(
        "ingest.limits.maxDecompressedBodyBytes",
        Type.BYTES,
        limits.maxDecompressedBodyBytes(),
        "Largest ingest body after snappy or gzip decompression (below 2GiB).");
    key(
        "ingest.limits.maxSeriesPerRequest",
        Type.INT,
        limits.maxSeriesPerRequest(),
        "Series in one remote_write or OTLP request.");
    key(
        "ingest.limits.maxSamplesPerRequest",
        Type.LONG,
        limits.maxSamplesPerRequest(),
        "Samples in one remote_write or OTLP request.");
    key(
        "ingest.limits.maxLabelsPerSeries",
        Type.INT,
        limits.maxLabelsPerSeries(),
        "Labels on one series, the metric name not counted.");
    key(
        "ingest.limits.maxLabelNameLength",
        Type.INT,
        limits.maxLabelNameLength(),
        "Bytes (UTF-8) of one label name.");
    key(
        "ingest.limits.maxLabelValueLength",
        Type.INT,
        limits.maxLabelValueLength(),
        "Bytes (UTF-8) of one label value.");
    key(
        "ingest.limits.maxJsonNestingDepth",
        Type.INT,
        limits.maxJsonNestingDepth(),
        "Nesting of JSON objects and arrays in events and OTLP/JSON.");
    key(
        "ingest.limits.maxJsonStringLength",
        Type.INT,
        limits.maxJsonStringLength(),
        "Characters of one JSON string in events and OTLP/JSON.");
    key(
        "ingest.limits.maxEventsPerRequest",
        Type.INT,
        limits.maxEventsPerRequest(),
        "Events in one /api/v1/events request.");
    key("slos.paths", Type.PATH_LIST, "", "SLO files or directories of SLO files.");
    key("slos.watch", Type.BOOLEAN, true, "Reload the SLOs when their files change.");
    key(
        "slos.watchInterval",
        Type.DURATION,
        Duration.ofSeconds(2),
        "How often SLO files are checked for changes; changes are applied once they settle.");
    unset(
        "bridge",
        Type.BRIDGE,
        "The incident bridge: rules, change gate, webhooks, outbox, connectors, servicesFile.");
    key("auth.required", Type.BOOLEAN, true, "Writes and ingest need a token with the scope.");
    key("auth.readsRequireToken", Type.BOOLEAN, false, "Reads need a token with the read scope.");
    unset(
        "auth.adminToken",
        Type.SECRET,
        "An admin token created at start-up (at least 16 characters); never logged.");
    key(
        "auth.rateLimit.requestsPerSecond",
        Type.DOUBLE,
        100.0,
        "Sustained requests per second per token; 0 turns the limit off.");
    key("auth.rateLimit.burst", Type.INT, 200, "Requests a token may send at once above the rate.");
    key(
        "auth.failedAuth.perSecond",
        Type.DOUBLE,
        1.0,
        "Sustained failed authentications per second per client address; then 429. 0 turns it"
            + " off.");
    key(
        "auth.failedAuth.burst",
        Type.INT,
        20,
        "Failed authentications a client address may make at once above the rate.");
    key(
        "auth.cacheTtl",
        Type.DURATION,
        Duration.ofSeconds(10),
        "How long a checked token is remembered; bounds how late other nodes see a revocation.");
    key(
        "engine.tickInterval",
        Type.DURATION,
        Duration.ofSeconds(10),
        "How often the engine evaluates every SLO.");
    key(
        "engine.noDataAfter",
        Type.DURATION,
        Duration.ofMinutes(15),
        "An SLO whose newest event is this old is in the no-data condition.");
    key(
        "engine.minEventsToAlert",
        Type.DOUBLE,
        10.0,
        "An alert fires only when its long window holds at least this many events.");
    key(
        "engine.resolveAfter",
        Type.DURATION,
        Duration.ofMinutes(5),
        "A firing alert resolves only after its condition has been false this long.");
    key(
        "engine.resolveAfterTicks",
        Type.INT,
        2,
        "...and only after this many evaluations in a row found it false.");
    key(
        "engine.maxGroupsPerSlo",
        Type.INT,
        100,
        "The most instances (groups) a grouped SLO has; series of further groups count in the SLO"
            + " but in no instance, and are counted (burnrate_slo_group_over_limit_total).");
    key(
        "engine.pollInterval",
        Type.DURATION,
        Duration.ofMillis(200),
        "How often every instance reads newly committed buckets into its engine; the SLOs they"
            + " changed are evaluated at once.");
    key(
        "engine.leaseTimeout",
        Type.DURATION,
        Duration.ofSeconds(10),
        "How long the leader may go without renewing its lease (frozen, cut off) before another"
            + " instance may take the lead; at least twice engine.leaderRetryInterval.");
    key(
        "engine.leaderRetryInterval",
        Type.DURATION,
        Duration.ofSeconds(2),
        "How often a standby tries to take the lead and the leader renews its lease.");
    unset(
        "engine.instanceId",
        Type.STRING,
        "This instance's name in /health/ready and /metrics; unset: the JVM's pid@host.");
    key("logging.format", Type.ENUM, "json", List.of("json", "text"), "Log line format.");
    key(
        "logging.level",
        Type.ENUM,
        "info",
        List.of("error", "warn", "info", "debug", "trace"),
        "Level of Burnrate's own loggers.");
    unset(
        "tracing.otlpEndpoint",
        Type.STRING,
        "OTLP/HTTP endpoint for traces, such as http://localhost:4318; unset turns tracing off.");
    key("tracing.serviceName", Type.STRING, "burnrate", "service.name of the exported spans.");
    unset(
        "reports.slaFile",
        Type.PATH,
        "YAML file of SLAs per service (contractual objective, credit tiers) for the reports.");
  }

  private ConfigSchema() {}

  private static void key(String path, Type type, String def, String description) {
    key(path, type, def, List.of(), description);
  }

  private static void key(String path, Type type, long def, String description) {
    key(path, type, Long.toString(def), description);
  }

  private static void key(String path, Type type, double def, String description) {
    key(path, type, Double.toString(def), description);
  }

  private static void key(String path, Type type, boolean def, String description) {
    key(path, type, Boolean.toString(def), description);
  }

  private static void key(String path, Type type, Duration def, String description) {
    key(path, type, ConfigValues.format(def), description);
  }

  /** A key with no default: unset unless a source sets it. */
  private static void unset(String path, Type type, String description) {
    KEYS.put(path, new ConfigKey(path, type, Optional.empty(), List.of(), description));
  }

  private static void key(
      String path, Type type, String def, List<String> allowed, String description) {
    KEYS.put(path, new ConfigKey(path, type, Optional.of(def), allowed, description));
  }

  /** Every key, in documentation order. */
  static List<ConfigKey> keys() {
    return List.copyOf(KEYS.values());
  }

  /** The key at a dotted path, if there is one. */
  static Optional<ConfigKey> key(String path) {
    return Optional.ofNullable(KEYS.get(path));
  }

  /** Whether a dotted path names a section (a mapping of keys) rather than a key. */
  static boolean isSection(String path) {
    String prefix = path + ".";
    return KEYS.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  /** The names directly under a section, for "did you mean" messages. */
  static Set<String> children(String section) {
    String prefix = section.isEmpty() ? "" : section + ".";
    Set<String> names = new TreeSet<>();
    for (String k : KEYS.keySet()) {
      if (k.startsWith(prefix)) {
        String rest = k.substring(prefix.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return names;
  }
}
