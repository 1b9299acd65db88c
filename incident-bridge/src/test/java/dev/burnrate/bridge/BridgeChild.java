package dev.burnrate.bridge;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertTransition;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A bridge in its own JVM, for the crash test: {@code feed} applies N page alerts and delivers,
 * {@code deliver} only delivers what the outbox holds. It runs until it is killed.
 */
public final class BridgeChild {
  private BridgeChild() {}

  /** Connectors to the four fakes. */
  static List<ConnectorSettings> connectors(URI jira, URI pd, URI snow, URI hook) {
    return List.of(
        ConnectorSettings.of(
            "jira",
            "jira",
            jira,
            Map.of("user", "bot@example.com", "token", "jira-token", "project", "OPS"),
            Match.all()),
        ConnectorSettings.of(
            "pagerduty",
            "pagerduty",
            pd,
            Map.of("routingKey", CrashRecoveryIT.PD_KEY),
            Match.all()),
        ConnectorSettings.of(
            "snow",
            "servicenow",
            snow,
            Map.of("user", "burnrate", "password", "snow-pw"),
            Match.all()),
        ConnectorSettings.of(
            "hook", "webhook", hook, Map.of("secret", "hook-secret"), Match.all()));
  }

  public static void main(String[] args) throws Exception {
    String db = args[0];
    String mode = args[1];
    int count = Integer.parseInt(args[2]);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(db);
    cfg.setMaximumPoolSize(6);
    HikariDataSource ds = new HikariDataSource(cfg);
    OutboxSettings outbox =
        new OutboxSettings(
            2,
            Duration.ofMillis(50),
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            0,
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            Duration.ofMillis(300),
            OutboxSettings.DEFAULT_RETENTION);
    BridgeSettings settings =
        BridgeSettings.defaults()
            .withConnectors(
                connectors(
                    URI.create(args[3]),
                    URI.create(args[4]),
                    URI.create(args[5]),
                    URI.create(args[6])))
            .withOutbox(outbox);
    IncidentBridge bridge =
        IncidentBridge.create(
            ds, settings, ServiceCatalog.empty(), BudgetView.none(), Clock.systemUTC());
    bridge.start();
    if (mode.equals("feed")) {
      for (int i = 0; i < count; i++) {
        bridge.accept(
            new AlertTransition(
                AlertTransition.Kind.FIRING,
                "crash-" + i,
                "checkout",
                "page-1h",
                Severity.PAGE,
                Clock.systemUTC().instant(),
                14.4,
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                20,
                22,
                0.3,
                Map.of(),
                Map.of()));
      }
    }
    System.out.println("READY " + mode);
    System.out.flush();
    Thread.currentThread().join();
  }
}
