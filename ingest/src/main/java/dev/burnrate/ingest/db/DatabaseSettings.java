package dev.burnrate.ingest.db;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to reach and prepare the database.
 *
 * @param url a JDBC URL, {@code jdbc:postgresql://host:port/database?params}
 * @param user the user, unless the URL names it
 * @param password the password, unless the URL carries it (never printed)
 * @param maxPoolSize the most pooled connections
 * @param connectionTimeout how long to wait for a connection before failing
 * @param statementTimeout the server-side limit on one statement of a pooled connection
 * @param migrationLocations Flyway locations to run, in one schema history
 * @param createTimescale whether to create the {@code timescaledb} extension when it is available
 * @param bucketRetention how long TimescaleDB keeps minute buckets (longer than every SLO window)
 */
public record DatabaseSettings(
    String url,
    Optional<String> user,
    Optional<String> password,
    int maxPoolSize,
    Duration connectionTimeout,
    Duration statementTimeout,
    List<String> migrationLocations,
    boolean createTimescale,
    Duration bucketRetention) {

  /** The Flyway location of the ingest module's migrations. */
  public static final String INGEST_MIGRATIONS = "classpath:db/migration/ingest";

  /** The shortest bucket retention: the TimescaleDB retention policy takes no less. */
  public static final Duration MIN_BUCKET_RETENTION = Duration.ofDays(1);

  /** Checks the settings and copies the locations. */
  public DatabaseSettings {
    requireNonNull(url, "url");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(connectionTimeout, "connectionTimeout");
    requireNonNull(statementTimeout, "statementTimeout");
    requireNonNull(bucketRetention, "bucketRetention");
    migrationLocations = List.copyOf(migrationLocations);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got "
              + Database.redact(url));
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException(
          "connectionTimeout must be at least 250ms, got " + connectionTimeout);
    }
    if (statementTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "statementTimeout must not be negative, got " + statementTimeout);
    }
    if (bucketRetention.compareTo(MIN_BUCKET_RETENTION) < 0) {
      throw new IllegalArgumentException(
          "bucketRetention must be at least 1 day, got " + bucketRetention);
    }
  }

  /**
   * Defaults for a URL: 8 connections (a 2-core machine gains nothing from more), 5s to get a
   * connection, 30s per statement, the ingest migrations, TimescaleDB when available, 100 days of
   * buckets.
   */
  public static DatabaseSettings of(String url) {
    return new DatabaseSettings(
        url,
        Optional.empty(),
        Optional.empty(),
        8,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        List.of(INGEST_MIGRATIONS),
        true,
        Duration.ofDays(100));
  }

  /** These settings with a user and password. */
  public DatabaseSettings withCredentials(String user, String password) {
    return new DatabaseSettings(
        url,
        Optional.of(user),
        Optional.of(password),
        maxPoolSize,
        connectionTimeout,
        statementTimeout,
        migrationLocations,
        createTimescale,
        bucketRetention);
  }

  /** These settings with another pool size. */
  public DatabaseSettings withMaxPoolSize(int maxPoolSize) {
    return new DatabaseSettings(
        url,
        user,
        password,
        maxPoolSize,
        connectionTimeout,
        statementTimeout,
        migrationLocations,
        createTimescale,
        bucketRetention);
  }

  /** These settings with other timeouts. */
  public DatabaseSettings withTimeouts(Duration connectionTimeout, Duration statementTimeout) {
    return new DatabaseSettings(
        url,
        user,
        password,
        maxPoolSize,
        connectionTimeout,
        statementTimeout,
        migrationLocations,
        createTimescale,
        bucketRetention);
  }

  /** These settings with other Flyway locations (the api passes every module's). */
  public DatabaseSettings withMigrationLocations(List<String> migrationLocations) {
    return new DatabaseSettings(
        url,
        user,
        password,
        maxPoolSize,
        connectionTimeout,
        statementTimeout,
        migrationLocations,
        createTimescale,
        bucketRetention);
  }

  /** These settings with TimescaleDB creation allowed or not. */
  public DatabaseSettings withCreateTimescale(boolean createTimescale) {
    return new DatabaseSettings(
        url,
        user,
        password,
        maxPoolSize,
        connectionTimeout,
        statementTimeout,
        migrationLocations,
        createTimescale,
        bucketRetention);
  }

  /** These settings with another bucket retention. */
  public DatabaseSettings withBucketRetention(Duration bucketRetention) {
    return new DatabaseSettings(
        url,
        user,
        password,
        maxPoolSize,
        connectionTimeout,
        statementTimeout,
        migrationLocations,
        createTimescale,
        bucketRetention);
  }

  /** The settings without the password, and the URL with any password parameter masked. */
  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + Database.redact(url)
        + ", user="
        + user.orElse("(from url)")
        + ", password="
        + (password.isPresent() ? "***" : "(none)")
        + ", maxPoolSize="
        + maxPoolSize
        + ", connectionTimeout="
        + connectionTimeout
        + ", statementTimeout="
        + statementTimeout
        + ", migrationLocations="
        + migrationLocations
        + ", createTimescale="
        + createTimescale
        + ", bucketRetention="
        + bucketRetention
        + "]";
  }
}
