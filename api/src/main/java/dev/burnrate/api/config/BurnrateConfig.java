package dev.burnrate.api.config;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.WriterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's configuration: defaults, then {@code burnrate.yaml}, then environment variables,
 * then command-line flags. {@link ConfigLoader} builds it; {@code toString} never shows secrets.
 *
 * @param server the HTTP server
 * @param database the PostgreSQL connection
 * @param ingest the store's writer and the ingest limits
 * @param slos where SLO files are and whether they are watched
 * @param bridge the incident bridge's section (rules, gate, webhooks, outbox, connectors, services)
 * @param auth tokens and rate limits
 * @param engine the SLO engine
 * @param logging log format and level
 * @param tracing OpenTelemetry trace export
 * @param reports where the SLAs of the reports are defined
 * @param source the file it was read from, if any
 */
public record BurnrateConfig(
    Server server,
    Database database,
    Ingest ingest,
    Slos slos,
    BridgeSettings bridge,
    Auth auth,
    Engine engine,
    Logging logging,
    Tracing tracing,
    Reports reports,
    Optional<Path> source) {

  /** Checks the configuration and copies its collections. */
  public BurnrateConfig {
    requireNonNull(server, "server");
    requireNonNull(database, "database");
    requireNonNull(ingest, "ingest");
    requireNonNull(slos, "slos");
    requireNonNull(bridge, "bridge");
    requireNonNull(auth, "auth");
    requireNonNull(engine, "engine");
    requireNonNull(logging, "logging");
    requireNonNull(tracing, "tracing");
    requireNonNull(reports, "reports");
    requireNonNull(source, "source");
  }

  /** The defaults alone, as {@code burnrate serve} uses them with no file and no variables. */
  public static BurnrateConfig defaults() {
    return ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
  }

  /** A copy with another port, as tests and {@code --port} use it. */
  public BurnrateConfig withPort(int port) {
    return new BurnrateConfig(
        new Server(
            server.host(),
            port,
            server.tlsCert(),
            server.tlsKey(),
            server.maxBodySize(),
            server.shutdownTimeout(),
            server.idleTimeout(),
            server.headerTimeout(),
            server.bodyTimeout(),
            server.maxConnections()),
        database,
        ingest,
        slos,
        bridge,
        auth,
        engine,
        logging,
        tracing,
        reports,
        source);
  }

  @Override
  public String toString() {
    return "BurnrateConfig[server="
        + server
        + ", database="
        + database
        + ", ingest="
        + ingest
        + ", slos="
        + slos
        + ", bridge.connectors="
        + bridge.connectors().size()
        + ", auth="
        + auth
        + ", engine="
        + engine
        + ", logging="
        + logging
        + ", tracing="
        + tracing
        + ", reports="
        + reports
        + ", source="
        + source
        + "]";
  }

  /** The HTTP server: bind address, port, optional TLS, body limit and shutdown grace. */
  public record Server(
      String host,
      int port,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      long maxBodySize,
      Duration shutdownTimeout,
      Duration idleTimeout,
      Duration headerTimeout,
      Duration bodyTimeout,
      int maxConnections) {

    /** Checks the server settings. */
    public Server {
      requireNonNull(host, "host");
      requireNonNull(tlsCert, "tlsCert");
      requireNonNull(tlsKey, "tlsKey");
      requireNonNull(shutdownTimeout, "shutdownTimeout");
      requireNonNull(idleTimeout, "idleTimeout");
      requireNonNull(headerTimeout, "headerTimeout");
      requireNonNull(bodyTimeout, "bodyTimeout");
      for (Map.Entry<String, Duration> t :
          Map.of(
                  "server.idleTimeout", idleTimeout,
                  "server.headerTimeout", headerTimeout,
                  "server.bodyTimeout", bodyTimeout)
              .entrySet()) {
        if (t.getValue().isNegative() || t.getValue().isZero()) {
          throw new ConfigException(t.getKey() + ": must be positive, got " + t.getValue());
        }
      }
      if (maxConnections < 1) {
        throw new ConfigException(
            "server.maxConnections: must be at least 1, got " + maxConnections);
      }
      if (tlsCert.isPresent() != tlsKey.isPresent()) {
        throw new ConfigException(
            "server.tls: set both server.tls.cert and server.tls.key, or neither");
      }
    }

    /** Whether the server speaks HTTPS. */
    public boolean tls() {
      return tlsCert.isPresent();
    }
  }

  /**
   * The PostgreSQL connection; an empty URL means the local or embedded default.
   *
   * @param url the JDBC URL
   * @param user the user, unless the URL names it
   * @param password the password, unless the URL carries it
   * @param poolSize the most pooled connections
   * @param connectionTimeout how long to wait for a connection
   * @param statementTimeout the server-side limit on one statement
   * @param embeddedDir where the embedded PostgreSQL keeps its data
   */
  public record Database(
      Optional<String> url,
      Optional<String> user,
      Optional<String> password,
      int poolSize,
      Duration connectionTimeout,
      Duration statementTimeout,
      Path embeddedDir) {

    /** Checks the database settings. */
    public Database {
      requireNonNull(url, "url");
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      requireNonNull(connectionTimeout, "connectionTimeout");
      requireNonNull(statementTimeout, "statementTimeout");
      requireNonNull(embeddedDir, "embeddedDir");
    }

    @Override
    public String toString() {
      return "Database[url="
          + url.map(Database::redact)
          + ", user="
          + user
          + ", password="
          + password.map(p -> "***")
          + ", poolSize="
          + poolSize
          + ", connectionTimeout="
          + connectionTimeout
          + ", statementTimeout="
          + statementTimeout
          + ", embeddedDir="
          + embeddedDir
          + "]";
    }

    /** The URL with any password parameter hidden, for logs and messages. */
    public static String redact(String jdbcUrl) {
      return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
  }

  /**
   * The {@code ingest} section, as the settings the store's writer and the ingest routes take.
   *
   * @param writer how the writer accepts, groups and keeps data; its bucket retention is also the
   *     TimescaleDB retention policy
   * @param limits what one ingest request may carry; the compressed body limit is {@code
   *     server.maxBodySize}, capped at the decompressed one
   */
  public record Ingest(WriterSettings writer, IngestLimits limits) {

    /** Checks the settings. */
    public Ingest {
      requireNonNull(writer, "writer");
      requireNonNull(limits, "limits");
    }
  }

  /** Where the SLO files are and whether changes are picked up. */
  public record Slos(List<Path> paths, boolean watch, Duration watchInterval) {

    /** Checks the settings and copies the paths. */
    public Slos {
      paths = List.copyOf(paths);
      requireNonNull(watchInterval, "watchInterval");
    }
  }

  /**
   * Authentication and rate limiting.
   *
   * @param required whether writes and ingest need a token
   * @param readsRequireToken whether reads need a token with the {@code read} scope
   * @param adminToken the admin token to create at start-up, if any
   * @param requestsPerSecond sustained requests per second per token (0: no limit)
   * @param burst requests per token allowed at once
   * @param cacheTtl how long a checked token is remembered
   */
  public record Auth(
      boolean required,
      boolean readsRequireToken,
      Optional<String> adminToken,
      double requestsPerSecond,
      int burst,
      Duration cacheTtl,
      double failedPerSecond,
      int failedBurst) {

    /** Checks the settings. */
    public Auth {
      requireNonNull(adminToken, "adminToken");
      requireNonNull(cacheTtl, "cacheTtl");
      if (!(failedPerSecond >= 0)) {
        throw new ConfigException(
            "auth.failedAuth.perSecond: must be 0 or more, got " + failedPerSecond);
      }
      if (failedBurst < 1) {
        throw new ConfigException("auth.failedAuth.burst: must be at least 1, got " + failedBurst);
      }
    }

    @Override
    public String toString() {
      return "Auth[required="
          + required
          + ", readsRequireToken="
          + readsRequireToken
          + ", adminToken="
          + adminToken.map(t -> "***")
          + ", requestsPerSecond="
          + requestsPerSecond
          + ", burst="
          + burst
          + ", cacheTtl="
          + cacheTtl
          + ", failedPerSecond="
          + failedPerSecond
          + ", failedBurst="
          + failedBurst
          + "]";
    }
  }

  /**
   * The SLO engine's settings.
   *
   * @param tickInterval how often every SLO is evaluated
   * @param noDataAfter how old the newest event may be before the no-data condition holds
   * @param minEventsToAlert the low-traffic guard of alerts
   * @param resolveAfter how long a firing alert's condition must be false before it resolves
   * @param resolveAfterTicks how many evaluations in a row must find it false
   * @param pollInterval how often every instance reads new buckets into its engine
   * @param leaseTimeout how long the leader may go without renewing its lease
   * @param leaderRetryInterval how often a standby tries to lead and the leader renews
   * @param instanceId this instance's name; empty: the JVM's pid@host
   * @param maxGroupsPerSlo the most instances of one grouped SLO
   */
  public record Engine(
      Duration tickInterval,
      Duration noDataAfter,
      double minEventsToAlert,
      Duration resolveAfter,
      int resolveAfterTicks,
      Duration pollInterval,
      Duration leaseTimeout,
      Duration leaderRetryInterval,
      Optional<String> instanceId,
      int maxGroupsPerSlo) {

    /** Checks the settings. */
    public Engine {
      requireNonNull(tickInterval, "tickInterval");
      requireNonNull(noDataAfter, "noDataAfter");
      requireNonNull(resolveAfter, "resolveAfter");
      requireNonNull(pollInterval, "pollInterval");
      requireNonNull(leaseTimeout, "leaseTimeout");
      requireNonNull(leaderRetryInterval, "leaderRetryInterval");
      requireNonNull(instanceId, "instanceId");
      if (leaseTimeout.compareTo(leaderRetryInterval.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "engine.leaseTimeout must be at least twice engine.leaderRetryInterval ("
                + leaderRetryInterval
                + "), got "
                + leaseTimeout);
      }
    }
  }

  /** Log format ({@code json} or {@code text}) and level. */
  public record Logging(String format, String level) {

    /** Checks the settings. */
    public Logging {
      requireNonNull(format, "format");
      requireNonNull(level, "level");
    }
  }

  /** Trace export: an OTLP/HTTP endpoint (none: off) and the service name. */
  public record Tracing(Optional<String> otlpEndpoint, String serviceName) {

    /** Checks the settings. */
    public Tracing {
      requireNonNull(otlpEndpoint, "otlpEndpoint");
      requireNonNull(serviceName, "serviceName");
    }
  }

  /** The reports: the file of SLAs per service, if any. */
  public record Reports(Optional<Path> slaFile) {
    /** Checks the section. */
    public Reports {
      requireNonNull(slaFile, "slaFile");
    }
  }
}
