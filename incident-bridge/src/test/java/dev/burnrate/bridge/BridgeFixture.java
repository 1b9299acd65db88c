package dev.burnrate.bridge;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.burnrate.slo.definition.Severity;
import dev.burnrate.slo.engine.AlertTransition;
import dev.burnrate.testsupport.TestClock;
import dev.burnrate.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;

/** A migrated test database, a pool, a test clock and a budget view that tests set. */
public final class BridgeFixture implements AutoCloseable {
  public final TestDatabase db;
  public final HikariDataSource dataSource;
  public final TestClock clock = TestClock.realTime();
  public final Budgets budgets = new Budgets();

  public BridgeFixture() {
    db = TestDatabase.create();
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(db.url());
    cfg.setMaximumPoolSize(8);
    dataSource = new HikariDataSource(cfg);
    Flyway.configure().dataSource(dataSource).locations(IncidentBridge.MIGRATIONS).load().migrate();
  }

  /** A budget view whose numbers tests set. */
  public static final class Budgets implements BudgetView {
    final Map<String, String> sloService = new ConcurrentHashMap<>();
    final Map<String, Double> remaining = new ConcurrentHashMap<>();

    public void set(String service, String slo, double left) {
      sloService.put(slo, service);
      remaining.put(slo, left);
    }

    @Override
    public List<String> slosOf(String service) {
      return sloService.entrySet().stream()
          .filter(e -> e.getValue().equals(service))
          .map(Map.Entry::getKey)
          .sorted()
          .toList();
    }

    @Override
    public OptionalDouble remaining(String slo) {
      Double d = remaining.get(slo);
      return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }
  }

  public static ServiceCatalog catalog() {
    return ServiceCatalog.load(java.nio.file.Path.of("../examples/services.yaml"));
  }

  public IncidentBridge bridge(BridgeSettings settings) {
    return IncidentBridge.create(dataSource, settings, catalog(), budgets, clock);
  }

  /** A bridge whose own meters go to {@code registry}. */
  public IncidentBridge bridge(
      BridgeSettings settings, io.micrometer.core.instrument.MeterRegistry registry) {
    return IncidentBridge.builder(dataSource, settings)
        .catalog(catalog())
        .budgets(budgets)
        .clock(clock)
        .meterRegistry(registry)
        .build();
  }

  /** A bridge that traces its deliveries with {@code tracer}. */
  public IncidentBridge bridge(BridgeSettings settings, io.opentelemetry.api.trace.Tracer tracer) {
    return IncidentBridge.create(dataSource, settings, catalog(), budgets, clock, tracer);
  }

  public AlertTransition transition(
      AlertTransition.Kind kind,
      String slo,
      String service,
      String alert,
      Severity sev,
      Duration longWindow,
      double factor,
      double burn,
      double budgetLeft) {
    return new AlertTransition(
        kind,
        slo,
        service,
        alert,
        sev,
        clock.instant(),
        factor,
        longWindow,
        longWindow.dividedBy(12),
        burn,
        burn * 1.1,
        budgetLeft,
        Map.of("team", "shop"),
        Map.of());
  }

  public AlertTransition page1h(AlertTransition.Kind kind, String slo, String service) {
    return transition(
        kind, slo, service, "page-1h", Severity.PAGE, Duration.ofHours(1), 14.4, 16.2, 0.4);
  }

  public AlertTransition ticket1d(AlertTransition.Kind kind, String slo, String service) {
    return transition(
        kind, slo, service, "ticket-1d", Severity.TICKET, Duration.ofDays(1), 3, 3.5, 0.7);
  }

  public long count(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    db.close();
  }
}
