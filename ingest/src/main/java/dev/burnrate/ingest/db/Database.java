package dev.burnrate.ingest.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database every module shares: a connection pool, the schema migrated by Flyway, and whether
 * TimescaleDB is there.
 *
 * <p>{@link #open} checks that the server answers, creates the {@code timescaledb} extension when
 * it is available and allowed, runs the migrations of every given location in one history, applies
 * the TimescaleDB retention policy, and only then builds the pool.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");

  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private final boolean timescale;

  private Database(DatabaseSettings settings, HikariDataSource pool, boolean timescale) {
    this.settings = settings;
    this.pool = pool;
    this.timescale = timescale;
  }

  /**
   * Connects, prepares the schema and builds the pool.
   *
   * @throws DatabaseUnavailableException when the server cannot be reached or refuses the login
   * @throws IllegalStateException when a migration fails
   */
  public static Database open(DatabaseSettings settings) {
    requireNonNull(settings, "settings");
    boolean timescale;
    try (Connection c = connect(settings)) {
      timescale = prepareTimescale(c, settings.createTimescale());
    } catch (SQLException e) {
      throw unavailable(settings, e);
    }
    migrate(settings);
    if (timescale) {
      applyRetention(settings);
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(settings));
    } catch (HikariPool.PoolInitializationException e) {
      throw unavailable(settings, e.getCause() == null ? e : e.getCause());
    }
    log.info(
        "database {} ready ({})",
        describe(settings),
        timescale ? "TimescaleDB" : "plain PostgreSQL");
    return new Database(settings, pool, timescale);
  }

  /** The pooled connections; statements on them time out after the configured limit. */
  public DataSource dataSource() {
    return pool;
  }

  /** Whether the {@code timescaledb} extension is installed in this database. */
  public boolean timescale() {
    return timescale;
  }

  /** The settings this database was opened with. */
  public DatabaseSettings settings() {
    return settings;
  }

  /**
   * Opens a connection outside the pool, for state that lives as long as a session (such as an
   * advisory lock); the caller closes it.
   */
  public Connection openConnection() throws SQLException {
    return connect(settings);
  }

  /** Closes the pool. */
  @Override
  public void close() {
    pool.close();
  }

  /** The URL with any password parameter masked, safe to print. */
  static String redact(String url) {
    return PASSWORD_PARAM.matcher(url).replaceAll("$1***");
  }

  /** Names the server, database and user of the settings, never the password. */
  static String describe(DatabaseSettings settings) {
    Properties parsed = Driver.parseURL(settings.url(), null);
    if (parsed == null) {
      return redact(settings.url());
    }
    String host = PGProperty.PG_HOST.getOrDefault(parsed);
    String port = PGProperty.PG_PORT.getOrDefault(parsed);
    String database = PGProperty.PG_DBNAME.getOrDefault(parsed);
    String user = settings.user().orElse(parsed.getProperty("user", "(default)"));
    return "PostgreSQL at "
        + host
        + ":"
        + port
        + ", database '"
        + database
        + "', user '"
        + user
        + "'";
  }

  private static DatabaseUnavailableException unavailable(DatabaseSettings s, Throwable e) {
    return new DatabaseUnavailableException(
        "cannot connect to " + describe(s) + ": " + e.getMessage(), e);
  }

  private static Properties connectionProperties(DatabaseSettings s) {
    // Parameters in the URL win over these defaults (pgJDBC reads the URL last).
    Properties p = new Properties();
    s.user().ifPresent(u -> p.setProperty("user", u));
    s.password().ifPresent(pw -> p.setProperty("password", pw));
    long connectSeconds = Math.max(1, s.connectionTimeout().toSeconds());
    p.setProperty(PGProperty.CONNECT_TIMEOUT.getName(), Long.toString(connectSeconds));
    p.setProperty(PGProperty.LOGIN_TIMEOUT.getName(), Long.toString(connectSeconds));
    p.setProperty(PGProperty.TCP_KEEP_ALIVE.getName(), "true");
    p.setProperty(PGProperty.APPLICATION_NAME.getName(), "burnrate");
    return p;
  }

  private static Connection connect(DatabaseSettings s) throws SQLException {
    return DriverManager.getConnection(s.url(), connectionProperties(s));
  }

  private static boolean prepareTimescale(Connection c, boolean create) throws SQLException {
    if (installed(c)) {
      return true;
    }
    boolean available;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')")) {
      rs.next();
      available = rs.getBoolean(1);
    }
    if (!available) {
      log.info("the timescaledb extension is not available: using plain PostgreSQL tables");
      return false;
    }
    if (!create) {
      log.info("the timescaledb extension is available but not enabled by the settings");
      return false;
    }
    try (Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
    } catch (SQLException e) {
      // Typically: not in shared_preload_libraries, or no privilege. Plain tables still work.
      log.warn("cannot create the timescaledb extension, using plain tables: {}", e.getMessage());
      return false;
    }
    return installed(c);
  }

  private static boolean installed(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void migrate(DatabaseSettings s) {
    try {
      Flyway.configure()
          .dataSource(s.url(), s.user().orElse(null), s.password().orElse(null))
          .locations(s.migrationLocations().toArray(String[]::new))
          // Each module numbers its migrations in its own range, so a module's new migration may
          // sort below one another module already applied.
          .outOfOrder(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new IllegalStateException(
          "database migration failed on " + describe(s) + ": " + e.getMessage(), e);
    }
  }

  private static void applyRetention(DatabaseSettings s) {
    try (Connection c = connect(s)) {
      boolean hypertable;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables"
                      + " WHERE hypertable_name = 'sli_buckets')")) {
        rs.next();
        hypertable = rs.getBoolean(1);
      }
      if (!hypertable) {
        log.warn(
            "sli_buckets was created before TimescaleDB was installed and stays a plain table");
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute("SELECT remove_retention_policy('sli_buckets', if_exists => true)");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT add_retention_policy('sli_buckets', drop_after => make_interval(secs => ?))")) {
        ps.setDouble(1, s.bucketRetention().toSeconds());
        ps.execute();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot set the TimescaleDB retention policy on " + describe(s) + ": " + e.getMessage(),
          e);
    }
  }

  private static HikariConfig poolConfig(DatabaseSettings s) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("burnrate");
    config.setJdbcUrl(s.url());
    connectionProperties(s).forEach((k, v) -> config.addDataSourceProperty((String) k, v));
    config.setMaximumPoolSize(s.maxPoolSize());
    config.setMinimumIdle(Math.min(2, s.maxPoolSize()));
    config.setConnectionTimeout(s.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(3000, s.connectionTimeout().toMillis()));
    config.setIdleTimeout(600_000);
    config.setMaxLifetime(1_800_000);
    config.setKeepaliveTime(120_000);
    config.setConnectionInitSql("SET statement_timeout = " + s.statementTimeout().toMillis());
    if (!s.statementTimeout().isZero()) {
      // A dead peer never answers; the socket timeout ends the wait a while after the server's own.
      long socketSeconds = s.statementTimeout().toSeconds() + 15;
      config.addDataSourceProperty(
          PGProperty.SOCKET_TIMEOUT.getName(), Long.toString(socketSeconds));
    }
    return config;
  }
}
