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
      Path data = writableDirectory(dir);
      Path binaries = privateDirectory(data.resolveSibling(data.getFileName() + "-bin"));
      pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              // Not the shared, world-writable /tmp/embedded-pg: binaries another user could swap.
              .setOverrideWorkingDirectory(binaries.toFile())
              .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded PostgreSQL in "
              + dir.toAbsolutePath()
              + ": "
              + describe(e)
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

  /**
   * Whether the local server answers; creates the burnrate database on it if it is missing.
   *
   * @throws IllegalStateException when a server answers but refuses the login: starting another
   *     database beside it would hide the real problem (a password, a role)
   */
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
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      // Class 28 is "invalid authorization specification" (a wrong password, an unknown role);
      // 3D000 a missing database; 42501 no right to create one: the server is there either way.
      if (state.startsWith("28") || state.equals("3D000") || state.equals("42501")) {
        String where = server.replace("jdbc:postgresql://", "").replaceAll("/$", "");
        throw new IllegalStateException(
            "no database is configured; a PostgreSQL answers on "
                + where
                + " but refused the login for user "
                + user
                + ": "
                + e.getMessage()
                + ". Set BURNRATE_DB_PASSWORD (and BURNRATE_DB_USER if not postgres), or"
                + " BURNRATE_DB_URL to the JDBC URL of the database to use.",
            e);
      }
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

  /** The directory, created if missing, or an error saying permission is denied. */
  static Path writableDirectory(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    try {
      Files.createDirectories(abs);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException("permission denied: cannot create " + e.getFile(), e);
    }
    if (!Files.isWritable(abs)) {
      throw new IOException("permission denied: " + abs + " is not writable by this user");
    }
    return abs;
  }

  /** A directory only this user may enter (0700 where the file system has POSIX permissions). */
  static Path privateDirectory(Path dir) throws IOException {
    Path abs = writableDirectory(dir);
    try {
      Files.setPosixFilePermissions(
          abs, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): its ACLs already keep a user's directory private.
    }
    return abs;
  }

  /** The message of a failure and of its causes, so "permission denied" deep inside is seen. */
  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !b.toString().contains(m)) {
        b.append(": ").append(m);
      }
      if (c instanceof java.nio.file.AccessDeniedException
          && !b.toString().contains("permission denied")) {
        b.append(" (permission denied)");
      }
    }
    return b.toString();
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
