package dev.burnrate.api.db;

import dev.burnrate.api.config.BurnrateConfig;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Finds the database to use: the configured URL, else a PostgreSQL on localhost:5432 (user {@code
 * postgres}, database {@code burnrate} created if missing).
 */
public final class DatabaseLocator {
  /** The local server tried when no URL is configured. */
  static final String LOCAL_SERVER = "jdbc:postgresql://localhost:5432/";

  /** The database created on the local server. */
  static final String LOCAL_DATABASE = "burnrate";

  private DatabaseLocator() {}

  /**
   * The JDBC URL to connect to.
   *
   * @param settings the database settings
   * @param notes where to say which database was chosen
   * @throws IllegalStateException when there is none, with what to do about it
   */
  public static String resolve(BurnrateConfig.Database settings, PrintStream notes) {
    if (settings.url().isPresent()) {
      return settings.url().get();
    }
    String user = settings.user().orElse("postgres");
    if (localAnswers(user, settings)) {
      String url = LOCAL_SERVER + LOCAL_DATABASE + "?user=" + user;
      notes.println(
          "burnrate: no database configured; using PostgreSQL on localhost:5432 (" + url + ")");
      return url;
    }
    throw new IllegalStateException(
        "no database configured and none answers on localhost:5432; set BURNRATE_DB_URL to a"
            + " JDBC URL such as jdbc:postgresql://host:5432/burnrate?user=burnrate&password=...");
  }

  /** Whether the local server answers; creates the burnrate database on it if it is missing. */
  static boolean localAnswers(String user, BurnrateConfig.Database settings) {
    Properties props = new Properties();
    props.setProperty("user", user);
    settings.password().ifPresent(p -> props.setProperty("password", p));
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "3");
    try (Connection c = DriverManager.getConnection(LOCAL_SERVER + "postgres", props)) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        ps.setString(1, LOCAL_DATABASE);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return true;
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + LOCAL_DATABASE);
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
