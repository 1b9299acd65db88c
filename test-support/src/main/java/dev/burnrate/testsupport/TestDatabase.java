package dev.burnrate.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A fresh, empty PostgreSQL database for one test class, dropped on {@link #close()}.
 *
 * <p>The server comes from {@code BURNRATE_TEST_DB_URL} (a JDBC URL of a database the tests may
 * create databases from, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}).
 * Without it, a TimescaleDB container is started through Testcontainers; without Docker the test is
 * skipped, not failed.
 */
public final class TestDatabase implements AutoCloseable {

  /** The environment variable (or system property) that names the test server. */
  public static final String URL_VARIABLE = "BURNRATE_TEST_DB_URL";

  private static final String IMAGE = "timescale/timescaledb:2.17.2-pg15";
  private static PostgreSQLContainer container;

  private final String adminUrl;
  private final String name;
  private final String url;

  private TestDatabase(String adminUrl, String name, String url) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = url;
  }

  /** Creates a new empty database, or aborts the calling test when no server is available. */
  public static TestDatabase create() {
    String admin = adminUrl();
    String name = "burnrate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(admin, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + redact(admin), e);
    }
    return new TestDatabase(admin, name, withDatabase(admin, name));
  }

  /** The server's admin JDBC URL: from the environment, else from a container. */
  public static synchronized String adminUrl() {
    String configured = System.getProperty(URL_VARIABLE, System.getenv(URL_VARIABLE));
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Assumptions.assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "no database: set " + URL_VARIABLE + " or make Docker available");
    if (container == null) {
      container =
          new PostgreSQLContainer(
              DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"));
      container.start();
    }
    return container.getJdbcUrl()
        + (container.getJdbcUrl().contains("?") ? "&" : "?")
        + "user="
        + container.getUsername()
        + "&password="
        + container.getPassword();
  }

  /** The JDBC URL of this database, credentials included as URL parameters. */
  public String url() {
    return url;
  }

  /** The database's name. */
  public String name() {
    return name;
  }

  /** Opens a connection to this database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, new Properties());
  }

  /** Drops the database, ending any connections still open to it. */
  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(adminUrl, new Properties());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }

  static String withDatabase(String jdbcUrl, String database) {
    // jdbc:postgresql://host:port/db?params -> replace db
    int schemeEnd = jdbcUrl.indexOf("//");
    int slash = jdbcUrl.indexOf('/', schemeEnd + 2);
    int query = jdbcUrl.indexOf('?');
    String head =
        slash < 0
            ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query))
            : jdbcUrl.substring(0, slash);
    String tail = query < 0 ? "" : jdbcUrl.substring(query);
    return head + "/" + database.toLowerCase(Locale.ROOT) + tail;
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=***");
  }
}
