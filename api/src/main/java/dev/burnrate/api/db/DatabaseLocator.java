package dev.burnrate.api.db;

import static java.util.Objects.requireNonNull;

import dev.burnrate.api.config.BurnrateConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds the database to use: the configured URL; else a PostgreSQL on localhost:5432 (user {@code
 * postgres}, database {@code burnrate} created if missing); else an embedded PostgreSQL with its
 * data in {@code database.embeddedDir}, for the quick start.
 */
public final class DatabaseLocator {
  /** The local server tried when no URL is configured. */
  static final String LOCAL_SERVER = "jdbc:postgresql://localhost:5432/";

  /** The database used on the local or embedded server. */
  static final String DATABASE = "burnrate";

  /** What to say when the embedded database would have to run as root. */
  static final String ROOT_MESSAGE =
      "no database is configured and none answers on localhost:5432, and the embedded PostgreSQL"
          + " cannot start because this process runs as root (PostgreSQL refuses to run as root)."
          + " Either set BURNRATE_DB_URL to the JDBC URL of a PostgreSQL 15 or newer, such as"
          + " BURNRATE_DB_URL='jdbc:postgresql://db.example:5432/burnrate?user=burnrate&password=...',"
          + " or run burnrate as a non-root user.";

  private DatabaseLocator() {}

  /**
   * The database chosen, and the embedded server to stop at shutdown when one was started.
   *
   * @param url the JDBC URL
   * @param embedded the embedded server, if this process started one
   */
  public record Located(String url, Optional<AutoCloseable> embedded) {
    /** Checks the pair. */
    public Located {
      requireNonNull(url, "url");
      requireNonNull(embedded, "embedded");
    }
  }

  /**
   * Finds the database.
   *
   * @param settings the database settings
   * @param notes where to say which database was chosen
   * @throws IllegalStateException when there is none, with what to do about it
   */
  public static Located locate(BurnrateConfig.Database settings, PrintStream notes) {
    return locate(settings, notes, LOCAL_SERVER, runsAsRoot());
  }

  static Located locate(
      BurnrateConfig.Database settings, PrintStream notes, String localServer, boolean root) {
    if (settings.url().isPresent()) {
      return new Located(settings.url().get(), Optional.empty());
    }
    String user = settings.user().orElse("postgres");
    if (localAnswers(localServer, user, settings)) {
      String url = localServer + DATABASE + "?user=" + user;
      notes.println(
          "burnrate: no database configured; using the PostgreSQL on "
              + localServer.replace("jdbc:postgresql://", "").replaceAll("/$", "")
              + " (database "
              + DATABASE
              + ")");
      return new Located(url, Optional.empty());
    }
    if (root) {
      throw new IllegalStateException(ROOT_MESSAGE);
    }
    return startEmbedded(settings.embeddedDir(), notes);
  }

  private static Located startEmbedded(Path dir, PrintStream notes) {
    notes.println(
        "burnrate: no database configured and none on localhost:5432; starting an embedded"
            + " PostgreSQL with its data in "
            + dir.toAbsolutePath());
    EmbeddedPostgres pg;
    try {
      Files.createDirectories(dir);
      pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded PostgreSQL in "
              + dir.toAbsolutePath()
              + ": "
              + e.getMessage()
              + "; set BURNRATE_DB_URL to use another PostgreSQL",
          e);
    }
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      createIfMissing(c);
    } catch (SQLException e) {
      closeQuietly(pg);
      throw new IllegalStateException("cannot create the burnrate database: " + e.getMessage(), e);
    }
    return new Located(pg.getJdbcUrl("postgres", DATABASE), Optional.of(pg));
  }

  /** Whether the local server answers; creates the burnrate database on it if it is missing. */
  static boolean localAnswers(String server, String user, BurnrateConfig.Database settings) {
    Properties props = new Properties();
    props.setProperty("user", user);
    settings.password().ifPresent(p -> props.setProperty("password", p));
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "3");
    try (Connection c = DriverManager.getConnection(server + "postgres", props)) {
      createIfMissing(c);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void createIfMissing(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, DATABASE);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    }
  }

  /** Whether this process runs as root, which PostgreSQL refuses. */
  static boolean runsAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (uid instanceof Integer i) {
        return i == 0;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // not Linux: fall back to the user name
    }
    return "root".equals(System.getProperty("user.name"));
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already failing; the first error is the one to report
    }
  }
}
