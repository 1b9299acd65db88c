package dev.burnrate.ingest.db;

import static dev.burnrate.ingest.internal.SettingChecks.atLeastOne;
import static dev.burnrate.ingest.internal.SettingChecks.notNegative;
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
    migrationLocations = List.copyOf(requireNonNull(migrationLocations, "migrationLocations"));
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got "
              + Database.redact(url));
    }
    atLeastOne("maxPoolSize", maxPoolSize);
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException(
          "connectionTimeout must be at least 250ms, got " + connectionTimeout);
    }
    notNegative("statementTimeout", statementTimeout);
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
    return builder(url).build();
  }

  /** A builder for a URL that starts from the {@linkplain #of(String) defaults}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    Builder b =
        new Builder(url)
            .maxPoolSize(maxPoolSize)
            .connectionTimeout(connectionTimeout)
            .statementTimeout(statementTimeout)
            .migrationLocations(migrationLocations)
            .createTimescale(createTimescale)
            .bucketRetention(bucketRetention);
    b.user = user;
    b.password = password;
    return b;
  }

  /**
   * Builds {@link DatabaseSettings}; what is not set keeps its default, {@link #build()} checks.
   */
  public static final class Builder {
    private final String url;
    // The defaults, here and nowhere else.
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private int maxPoolSize = 8;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Duration statementTimeout = Duration.ofSeconds(30);
    private List<String> migrationLocations = List.of(INGEST_MIGRATIONS);
    private boolean createTimescale = true;
    private Duration bucketRetention = Duration.ofDays(100);

    private Builder(String url) {
      this.url = url;
    }

    /** The user, unless the URL names it. */
    public Builder user(String value) {
      this.user = Optional.of(requireNonNull(value, "user"));
      return this;
    }

    /** The password, unless the URL carries it. */
    public Builder password(String value) {
      this.password = Optional.of(requireNonNull(value, "password"));
      return this;
    }

    /** The most pooled connections. */
    public Builder maxPoolSize(int value) {
      this.maxPoolSize = value;
      return this;
    }

    /** How long to wait for a connection before failing. */
    public Builder connectionTimeout(Duration value) {
      this.connectionTimeout = value;
      return this;
    }

    /** The server-side limit on one statement of a pooled connection. */
    public Builder statementTimeout(Duration value) {
      this.statementTimeout = value;
      return this;
    }

    /** The Flyway locations to run, in one schema history (the api passes every module's). */
    public Builder migrationLocations(List<String> value) {
      this.migrationLocations = value;
      return this;
    }

    /** Whether to create the {@code timescaledb} extension when it is available. */
    public Builder createTimescale(boolean value) {
      this.createTimescale = value;
      return this;
    }

    /** How long TimescaleDB keeps minute buckets. */
    public Builder bucketRetention(Duration value) {
      this.bucketRetention = value;
      return this;
    }

    /**
     * The settings.
     *
     * @throws NullPointerException naming a setting set to null
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public DatabaseSettings build() {
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
