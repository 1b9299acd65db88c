package dev.burnrate.bench.bridge;

import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.bridge.BridgeSettings;
import dev.burnrate.bridge.BudgetView;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.IncidentBridge;
import dev.burnrate.bridge.Match;
import dev.burnrate.bridge.OutboxSettings;
import dev.burnrate.bridge.ServiceCatalog;
import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FreshserviceFake;
import dev.burnrate.bridge.fake.JiraFake;
import dev.burnrate.bridge.fake.PagerDutyFake;
import dev.burnrate.bridge.fake.ServiceDeskPlusFake;
import dev.burnrate.bridge.fake.ServiceNowFake;
import dev.burnrate.bridge.fake.StackStormFake;
import dev.burnrate.bridge.fake.TeamDynamixFake;
import dev.burnrate.bridge.fake.WebhookFake;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Delivery to every ITSM connector at once, each against the fake of its tool that the contract
 * suite uses (the tool's documented paths, auth, bodies and errors): N page alerts become N
 * incidents that the outbox delivers to all tools, first with the tools up, then with a share of
 * requests (default 20%) faulted by the fakes (429 with Retry-After, 503, slow answers, dropped
 * connections, work done but the answer lost). It checks that each tool holds exactly one record
 * per incident and nothing is left undelivered, and reports, per tool, the time from the incident's
 * commit (its outbox row) to the tool's acknowledgement of the first delivery.
 *
 * <p>Usage: {@code ConnectorsDeliveryBenchmark JDBC_ADMIN_URL [transitions] [perSecond]
 * [faultRate]}; a fresh database per phase is created on the server and dropped at the end.
 */
public final class ConnectorsDeliveryBenchmark {
  private static final String PD_KEY = "0123456789abcdef0123456789abcdef";

  private ConnectorsDeliveryBenchmark() {}

  /** One tool: its fake and the connector settings that point at it. */
  record Tool(String name, Supplier<FakeItsm> fake, Function<URI, ConnectorSettings> settings) {}

  /** Every connector type, configured as its contract test configures it. */
  static List<Tool> tools() {
    return List.of(
        new Tool(
            "pagerduty",
            () -> new PagerDutyFake(PD_KEY),
            u -> connector("pagerduty", u, Map.of("routingKey", PD_KEY))),
        new Tool(
            "webhook",
            () -> new WebhookFake("bench-secret", Clock.systemUTC()),
            u ->
                connector(
                    "webhook", u.resolve("/hooks/burnrate"), Map.of("secret", "bench-secret"))),
        new Tool(
            "jira",
            () -> new JiraFake("bot@example.com", "bench-token", "OPS"),
            u ->
                connector(
                    "jira",
                    u,
                    Map.of("user", "bot@example.com", "token", "bench-token", "project", "OPS"))),
        new Tool(
            "servicenow",
            () -> new ServiceNowFake("burnrate", "bench-pw"),
            u ->
                connector(
                    "servicenow",
                    u,
                    Map.of("user", "burnrate", "password", "bench-pw", "assignmentGroup", "SRE"))),
        new Tool(
            "freshservice",
            () -> {
              // 1,000 incidents in 10 s are over any plan's per-minute limit: the benchmark
              // measures Burnrate, and FreshserviceConnectorIT tests the pacing itself.
              FreshserviceFake f = new FreshserviceFake("bench-fs-key");
              f.ratePerMinute = 1_000_000;
              return f;
            },
            u -> connector("freshservice", u, Map.of("apiKey", "bench-fs-key"))),
        new Tool(
            "teamdynamix",
            () -> new TeamDynamixFake("bench-beid", "bench-wskey", 627),
            u ->
                connector(
                    "teamdynamix",
                    u,
                    Map.of("beid", "bench-beid", "webServicesKey", "bench-wskey", "appId", "627"))),
        new Tool(
            "servicedeskplus",
            () -> ServiceDeskPlusFake.onPremises("bench-sdp-key", ""),
            u -> connector("servicedeskplus", u, Map.of("authtoken", "bench-sdp-key"))),
        // An event sink: its "record" is the stream of webhook triggers about an incident.
        new Tool(
            "stackstorm",
            () -> new StackStormFake("bench-st2-key", "burnrate"),
            u ->
                connector(
                    "stackstorm", u, Map.of("apiKey", "bench-st2-key", "webhook", "burnrate"))));
  }

  private static ConnectorSettings connector(String type, URI url, Map<String, String> values) {
    return ConnectorSettings.of(type, type, url, values, Match.all());
  }

  /** What one phase measured for one tool. */
  record ToolResult(
      String tool,
      int records,
      int incidentsMissing,
      int duplicates,
      long dead,
      long requests,
      long p50,
      long p99,
      long max) {}

  static List<ToolResult> run(String dbUrl, int transitions, int perSecond, double faultRate)
      throws Exception {
    List<Tool> tools = tools();
    Map<String, FakeItsm> fakes = new LinkedHashMap<>();
    List<ConnectorSettings> connectors = new ArrayList<>();
    try (HikariDataSource ds = BridgeDeliveryBenchmark.pool(dbUrl)) {
      try {
        for (Tool t : tools) {
          FakeItsm f = t.fake().get();
          f.slowMillis = 1_500;
          f.randomFaults(faultRate);
          fakes.put(t.name(), f);
          connectors.add(t.settings().apply(f.url()));
        }
        FluentConfiguration flyway =
            Flyway.configure().dataSource(ds).locations(IncidentBridge.MIGRATIONS);
        flyway.load().migrate();
        BridgeSettings settings =
            BridgeSettings.defaults()
                .withOutbox(
                    new OutboxSettings(
                        4,
                        Duration.ofMillis(200),
                        Duration.ofMillis(100),
                        Duration.ofSeconds(2),
                        0,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        Duration.ZERO,
                        OutboxSettings.DEFAULT_RETENTION))
                .withConnectors(connectors);
        try (IncidentBridge bridge =
            IncidentBridge.create(
                ds, settings, ServiceCatalog.empty(), BudgetView.none(), Clock.systemUTC())) {
          bridge.start();
          long start = System.nanoTime();
          long interval = 1_000_000_000L / perSecond;
          for (int i = 0; i < transitions; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            bridge.accept(BridgeDeliveryBenchmark.firing("slo-" + i, "svc-" + i));
          }
          long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
          while (BridgeDeliveryBenchmark.pending(ds) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
          }
        }
        List<ToolResult> results = new ArrayList<>();
        for (Tool t : tools) {
          FakeItsm f = fakes.get(t.name());
          int missing = 0;
          int duplicates = 0;
          for (int i = 1; i <= transitions; i++) {
            int n = f.recordsFor("INC-" + i);
            missing += n == 0 ? 1 : 0;
            duplicates += Math.max(0, n - 1);
          }
          List<Long> latencies = latencies(ds, t.name());
          results.add(
              new ToolResult(
                  t.name(),
                  f.recordCount(),
                  missing,
                  duplicates,
                  dead(ds, t.name()),
                  f.requests.get(),
                  BridgeDeliveryBenchmark.pct(latencies, 0.50),
                  BridgeDeliveryBenchmark.pct(latencies, 0.99),
                  latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1)));
        }
        return results;
      } finally {
        fakes.values().forEach(FakeItsm::close);
      }
    }
  }

  private static List<Long> latencies(HikariDataSource ds, String connector) throws Exception {
    List<Long> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT (extract(epoch FROM delivered_at - created_at) * 1000)::bigint"
                    + " FROM bridge_outbox WHERE connector = ? AND event = 'opened'"
                    + " AND state = 'delivered'")) {
      ps.setString(1, connector);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  private static long dead(HikariDataSource ds, String connector) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM bridge_outbox WHERE connector = ? AND state <> 'delivered'")) {
      ps.setString(1, connector);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Runs both phases and prints one Markdown row per phase and tool. */
  public static void main(String[] args) throws Exception {
    String admin = args.length > 0 ? args[0] : System.getenv("BURNRATE_DB_URL");
    if (admin == null) {
      System.err.println(
          "usage: ConnectorsDeliveryBenchmark JDBC_ADMIN_URL [transitions] [perSecond] [faultRate]");
      System.exit(2);
    }
    int transitions = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    double faultRate = args.length > 3 ? Double.parseDouble(args[3]) : 0.2;
    List<String> rows = new ArrayList<>();
    for (String phase : List.of("up", "faults")) {
      String db =
          "burnrate_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = DriverManager.getConnection(admin);
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + db);
      }
      try {
        double rate = phase.equals("up") ? 0 : faultRate;
        for (ToolResult r :
            run(BridgeDeliveryBenchmark.withDatabase(admin, db), transitions, perSecond, rate)) {
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| %s (%.0f%% faults) | %s | %d | %d | %d | %d | %d | %d | %d | %d |",
                  phase,
                  rate * 100,
                  r.tool(),
                  r.records(),
                  r.incidentsMissing(),
                  r.duplicates(),
                  r.dead(),
                  r.requests(),
                  r.p50(),
                  r.p99(),
                  r.max()));
        }
      } finally {
        try (Connection c = DriverManager.getConnection(admin);
            Statement s = c.createStatement()) {
          s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "%d incidents, %d per second, to every tool%n%n", transitions, perSecond);
    System.out.println(
        "| phase | tool | records | incidents missing | duplicates | undelivered | requests |"
            + " commit to delivery p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.exit(0);
  }
}
