package dev.burnrate.api.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.api.config.BurnrateConfig;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool to PostgreSQL, with every module's Flyway migrations applied. */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** Where each module keeps its migrations; the ones present on the classpath are applied. */
  static final List<String> MIGRATION_DIRS =
      List.of(
          "db/migration/ingest",
          "db/migration/incident-bridge",
          "db/migration/bridge",
          "db/migration/api");

  private final HikariDataSource pool;
  private final String url;

  private Database(HikariDataSource pool, String url) {
    this.pool = pool;
    this.url = url;
  }

  /**
   * Opens a pool to the database at {@code jdbcUrl} and migrates it.
   *
   * @param jdbcUrl the JDBC URL
   * @param settings user, password and pool size (the URL in it is ignored)
   */
  public static Database open(String jdbcUrl, BurnrateConfig.Database settings) {
    requireNonNull(jdbcUrl, "jdbcUrl");
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    settings.user().ifPresent(hc::setUsername);
    settings.password().ifPresent(hc::setPassword);
    hc.setMaximumPoolSize(settings.poolSize());
    hc.setMinimumIdle(Math.min(2, settings.poolSize()));
    hc.setPoolName("burnrate");
    // A database that is gone should show in readiness and errors within seconds, not 30.
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the database at "
              + BurnrateConfig.Database.redact(jdbcUrl)
              + ": "
              + rootMessage(e),
          e);
    }
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, jdbcUrl);
  }

  /** Applies every module's migrations in one history. */
  static void migrate(DataSource dataSource) {
    List<String> locations = new ArrayList<>();
    ClassLoader loader = Database.class.getClassLoader();
    for (String dir : MIGRATION_DIRS) {
      if (loader.getResource(dir) != null) {
        locations.add("classpath:" + dir);
      }
    }
    var result =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .locations(locations.toArray(String[]::new))
            // Modules own interleaved version ranges (ingest V1xx, bridge V2xx, api V3xx), so a
            // new ingest migration may arrive after api ones were applied.
            .outOfOrder(true)
            .load()
            .migrate();
    log.info(
        "database schema at version {} ({} migrations applied now)",
        result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  /** The pooled data source. */
  public DataSource dataSource() {
    return pool;
  }

  /** The JDBC URL the pool connects to. */
  public String url() {
    return url;
  }

  /** Closes every connection. */
  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
