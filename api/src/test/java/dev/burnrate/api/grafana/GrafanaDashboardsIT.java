package dev.burnrate.api.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every SQL query of every provisioned dashboard against the real schema, with Grafana's
 * macros and variables expanded, and checks every PromQL query with promtool.
 */
class GrafanaDashboardsIT {
  private static final Path DASHBOARDS = Path.of("..", "grafana", "dashboards");
  private static final String FROM = "'2026-01-01T00:00:00Z'";
  private static final String TO = "'2026-01-02T00:00:00Z'";

  private static TestDatabase db;
  private static Database database;

  @BeforeAll
  static void migrate() {
    db = TestDatabase.create();
    database =
        Database.open(
            DatabaseSettings.builder(db.url())
                .migrationLocations(
                    List.of(
                        "classpath:db/migration/ingest",
                        "classpath:db/migration/bridge",
                        "classpath:db/migration/api"))
                .build());
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void everyDashboard_isProvisionedWithAUidAndPanels() throws IOException {
    List<JsonObject> dashboards = dashboards();

    assertThat(dashboards).hasSize(3);
    assertThat(dashboards)
        .extracting(d -> d.getString("uid"))
        .containsExactlyInAnyOrder(
            "burnrate-slo-overview", "burnrate-slo-detail", "burnrate-incidents");
    assertThat(dashboards).allSatisfy(d -> assertThat(d.getJsonArray("panels")).isNotEmpty());
  }

  @Test
  void everySqlQuery_runsAgainstTheSchema_withMacrosExpanded() throws Exception {
    List<String> queries = new ArrayList<>();
    for (JsonObject d : dashboards()) {
      collect(d, "rawSql", queries);
      for (Object v : d.getJsonObject("templating").getJsonArray("list")) {
        JsonObject var = (JsonObject) v;
        if ("grafana-postgresql-datasource"
            .equals(var.getJsonObject("datasource").getString("type"))) {
          queries.add(var.getString("query"));
        }
      }
    }
    assertThat(queries).hasSizeGreaterThan(15);

    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String q : queries) {
        String sql = expand(q);
        try (ResultSet rs = s.executeQuery(sql)) {
          assertThat(rs.getMetaData().getColumnCount()).as(sql).isPositive();
        } catch (Exception e) {
          throw new AssertionError("dashboard query fails:\n" + sql + "\n" + e.getMessage(), e);
        }
      }
    }
  }

  @Test
  void overviewBudgetQuery_computesTheBudgetFromStoredBuckets() throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO slo_catalog (name, service, objective, window_label, window_seconds,"
              + " sli_kind, evaluable) VALUES ('checkout-availability', 'checkout', 0.99, '30d',"
              + " 2592000, 'BAD_OVER_TOTAL', true)");
      // 2,000 events, 5 bad, over two buckets in the last hour: 5 / (0.01 * 2000) = 25% spent.
      s.execute(
          "INSERT INTO sli_buckets (slo, bucket_start, good, bad, total) VALUES"
              + " ('checkout-availability', date_trunc('minute', now()) - interval '5 minutes', 0,"
              + " 2, 1000), ('checkout-availability', date_trunc('minute', now()) - interval '1"
              + " minute', 0, 3, 1000)");
      String query =
          queryOf("slo-overview", "Budgets from stored buckets").replace("$service", "'checkout'");
      try (ResultSet rs = s.executeQuery(expand(query))) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("slo")).isEqualTo("checkout-availability");
        assertThat(rs.getDouble("events")).isEqualTo(2000);
        assertThat(rs.getDouble("bad")).isEqualTo(5);
        assertThat(rs.getDouble("sli")).isCloseTo(0.9975, within(1e-12));
        assertThat(rs.getDouble("budget_remaining")).isCloseTo(0.75, within(1e-12));
      }
    }
  }

  @Test
  void everyPromqlQuery_passesPromtool() throws Exception {
    Path promtool =
        Stream.of("/usr/bin/promtool", "/usr/local/bin/promtool")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(promtool != null, "promtool is not installed");
    List<String> exprs = new ArrayList<>();
    for (JsonObject d : dashboards()) {
      collect(d, "expr", exprs);
    }
    assertThat(exprs).hasSizeGreaterThan(8);

    // promtool checks expressions as recording rules.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      String expr = exprs.get(i).replace("$service", ".*").replace("$slo", "checkout");
      rules.append("      - record: dashboard_query_").append(i).append('\n');
      rules.append("        expr: '").append(expr.replace("'", "''")).append("'\n");
    }
    Path file = Files.createTempFile("dashboards", ".rules.yml");
    try {
      Files.writeString(file, rules, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("SUCCESS: " + exprs.size() + " rules found");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void everyBurnrateMetricADashboardQueries_isDocumented() throws Exception {
    List<String> exprs = new ArrayList<>();
    for (JsonObject d : dashboards()) {
      collect(d, "expr", exprs);
    }
    String documented = Files.readString(Path.of("..", "docs", "metrics.md"));
    Matcher m = Pattern.compile("burnrate_[a-z_]+").matcher(String.join("\n", exprs));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group());
    }
    assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(documented).contains("`" + n + "`"));
  }

  /** Grafana's PostgreSQL macros and this dashboard set's variables, expanded as Grafana does. */
  static String expand(String q) {
    String s = q.replace("$__interval", "'1m'");
    s =
        replaceMacro(
            s, "\\$__timeGroupAlias\\(([^,]+),\\s*([^)]+)\\)", m -> timeGroup(m) + " AS \"time\"");
    s = replaceMacro(s, "\\$__timeGroup\\(([^,]+),\\s*([^)]+)\\)", GrafanaDashboardsIT::timeGroup);
    s =
        replaceMacro(
            s, "\\$__timeFilter\\(([^)]+)\\)", m -> m.group(1) + " BETWEEN " + FROM + " AND " + TO);
    for (Map.Entry<String, String> v :
        Map.of("$service", "'checkout'", "'$slo'", "'checkout-availability'").entrySet()) {
      s = s.replace(v.getKey(), v.getValue());
    }
    assertThat(s).as("unexpanded macro or variable in\n" + s).doesNotContain("$");
    return s;
  }

  private static String timeGroup(Matcher m) {
    String interval = m.group(2).trim().replace("'", "");
    long seconds = Duration.parse("PT" + interval.toUpperCase(java.util.Locale.ROOT)).toSeconds();
    return "to_timestamp(floor(extract(epoch FROM "
        + m.group(1).trim()
        + ") / "
        + seconds
        + ") * "
        + seconds
        + ")";
  }

  private static String replaceMacro(
      String s, String regex, java.util.function.Function<Matcher, String> replacement) {
    Matcher m = Pattern.compile(regex).matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String queryOf(String dashboard, String panelTitle) throws IOException {
    JsonObject d = new JsonObject(Files.readString(DASHBOARDS.resolve(dashboard + ".json")));
    for (Object p : d.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      if (panelTitle.equals(panel.getString("title"))) {
        return panel.getJsonArray("targets").getJsonObject(0).getString("rawSql");
      }
    }
    throw new AssertionError("no panel " + panelTitle + " in " + dashboard);
  }

  private static List<JsonObject> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      List<JsonObject> out = new ArrayList<>();
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        out.add(new JsonObject(Files.readString(f)));
      }
      return out;
    }
  }

  private static void collect(Object node, String key, List<String> out) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (key.equals(e.getKey()) && e.getValue() instanceof String s) {
          out.add(s);
        } else {
          collect(e.getValue(), key, out);
        }
      }
    } else if (node instanceof JsonArray a) {
      for (Object v : a) {
        collect(v, key, out);
      }
    }
  }
}
