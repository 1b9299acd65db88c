package dev.burnrate.ingest.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseIT {
  /** The versions of the migrations the module ships, in the order they apply. */
  private static final List<String> MIGRATIONS = List.of("100", "101", "102", "110", "120", "150");

  private TestDatabase db;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.create();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  private DatabaseSettings settings() {
    return DatabaseSettings.builder(db.url()).maxPoolSize(2).build();
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void open_migratesAFreshDatabase_andCreatesTheStoreObjects() throws SQLException {
    try (Database database = Database.open(settings());
        Connection c = database.dataSource().getConnection()) {
      assertThat(strings(c, "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v', 'p')"))
          .contains(
              "sli_buckets",
              "sli_buckets_1h",
              "sli_series",
              "sli_series_keys",
              "sli_idempotency_keys",
              "sli_changes",
              "flyway_schema_history");
      assertThat(strings(c, "SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
          .containsExactlyElementsOf(MIGRATIONS);
      // Plain PostgreSQL keeps an ordinary hourly table; TimescaleDB a continuous aggregate.
      assertThat(strings(c, "SELECT relkind FROM pg_class WHERE relname = 'sli_buckets_1h'"))
          .containsExactly(database.timescale() ? "v" : "r");
      assertThat(
              strings(
                  c,
                  "SELECT column_name FROM information_schema.columns"
                      + " WHERE table_name = 'sli_buckets_1h' ORDER BY ordinal_position"))
          .containsExactly("slo", "bucket_start", "good", "bad", "total");
    }
  }

  @Test
  void timescale_saysWhetherTheExtensionIsInstalled() throws SQLException {
    // Available but not preloaded (shared_preload_libraries) cannot be created: plain tables.
    try (Database database = Database.open(settings());
        Connection c = database.dataSource().getConnection()) {
      boolean installed =
          !strings(c, "SELECT extname FROM pg_extension WHERE extname = 'timescaledb'").isEmpty();
      assertThat(database.timescale()).isEqualTo(installed);
    }
  }

  @Test
  void open_twice_appliesEachMigrationOnce() throws SQLException {
    List<String> first;
    try (Database database = Database.open(settings());
        Connection c = database.dataSource().getConnection()) {
      first = strings(c, "SELECT installed_rank || ':' || version FROM flyway_schema_history");
    }
    try (Database database = Database.open(settings());
        Connection c = database.dataSource().getConnection()) {
      assertThat(strings(c, "SELECT installed_rank || ':' || version FROM flyway_schema_history"))
          .isEqualTo(first)
          .hasSize(MIGRATIONS.size());
    }
  }

  @Test
  void pooledConnections_carryTheStatementTimeout() throws SQLException {
    try (Database database =
            Database.open(
                settings().toBuilder()
                    .connectionTimeout(java.time.Duration.ofSeconds(2))
                    .statementTimeout(java.time.Duration.ofSeconds(7))
                    .build());
        Connection c = database.dataSource().getConnection()) {
      assertThat(strings(c, "SHOW statement_timeout")).containsExactly("7s");
    }
  }

  @Test
  void open_namesHostPortAndDatabase_butNotThePassword_whenNobodyListens() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DatabaseSettings unreachable =
        DatabaseSettings.builder("jdbc:postgresql://127.0.0.1:" + port + "/burnrate_nowhere")
            .user("burnrate")
            .password("s3cret-pw")
            .build();

    assertThatThrownBy(() -> Database.open(unreachable))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("database 'burnrate_nowhere'")
        .hasMessageContaining("user 'burnrate'")
        .hasMessageNotContaining("s3cret-pw");
    assertThat(unreachable.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void open_namesTheDatabase_whenItDoesNotExist() {
    String url = db.url().replace(db.name(), "burnrate_missing_db");
    assertThatThrownBy(() -> Database.open(DatabaseSettings.of(url + "&password=hidden-pw")))
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("database 'burnrate_missing_db'")
        .hasMessageNotContaining("hidden-pw");
  }

  @Test
  void redact_masksThePasswordParameter() {
    assertThat(Database.redact("jdbc:postgresql://h:1/d?user=u&password=p%40ss&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:1/d?user=u&password=***&ssl=true");
  }
}
