package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.AlertSignal;
import dev.burnrate.bridge.internal.BridgeService;
import dev.burnrate.bridge.internal.ChangeGate;
import dev.burnrate.bridge.internal.Context;
import dev.burnrate.bridge.internal.Db;
import dev.burnrate.bridge.internal.IncidentRules;
import dev.burnrate.bridge.internal.Outbox;
import dev.burnrate.bridge.internal.Routes;
import dev.burnrate.bridge.internal.Store;
import dev.burnrate.bridge.internal.delivery.OutboxWorker;
import dev.burnrate.slo.engine.AlertTransition;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident bridge: turns SLO alert transitions and monitoring webhooks into incidents, problems
 * and change decisions, and delivers them to ITSM tools through a transactional outbox.
 *
 * <p>Its tables are created by Flyway from {@code classpath:db/migration/bridge}. Every method that
 * touches the database blocks: call it from a worker thread, never from an event loop.
 */
public final class IncidentBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IncidentBridge.class);

  /** The Flyway location of the bridge's migrations. */
  public static final String MIGRATIONS = "classpath:db/migration/bridge";

  private static final Tracer UNTRACED = OpenTelemetry.noop().getTracer("dev.burnrate.bridge");

  private final Context ctx;
  private final IncidentRules rules;
  private final BridgeService service;
  private final ChangeGate gate;
  private final OutboxWorker worker;
  private ScheduledExecutorService ticker;

  private IncidentBridge(Context ctx, Tracer tracer) {
    this.ctx = ctx;
    this.rules = new IncidentRules(ctx);
    this.service = new BridgeService(ctx, rules);
    this.gate = new ChangeGate(ctx, service);
    this.worker = new OutboxWorker(ctx.db(), ctx.settings(), ctx.clock(), tracer);
    ctx.outbox().onCommit(worker::wake);
  }

  /**
   * Creates a bridge; nothing runs until {@link #start()}.
   *
   * @param dataSource the pool of the database migrated with {@link #MIGRATIONS}
   * @param settings the bridge section of the configuration
   * @param catalog the services and their dependencies ({@link ServiceCatalog#empty()} for none)
   * @param budgets the engine's error budgets, for the change gate
   * @param clock the time source of every rule
   */
  public static IncidentBridge create(
      DataSource dataSource,
      BridgeSettings settings,
      ServiceCatalog catalog,
      BudgetView budgets,
      Clock clock) {
    return create(dataSource, settings, catalog, budgets, clock, UNTRACED);
  }

  /**
   * Creates a bridge that traces every delivery attempt to an ITSM tool as a {@code bridge.deliver}
   * span with {@code tracer}; nothing runs until {@link #start()}.
   */
  public static IncidentBridge create(
      DataSource dataSource,
      BridgeSettings settings,
      ServiceCatalog catalog,
      BudgetView budgets,
      Clock clock,
      Tracer tracer) {
    requireNonNull(dataSource, "dataSource");
    requireNonNull(settings, "settings");
    Context ctx =
        new Context(
            new Db(dataSource),
            settings,
            requireNonNull(catalog, "catalog"),
            requireNonNull(budgets, "budgets"),
            requireNonNull(clock, "clock"),
            new Outbox(settings.connectors()));
    return new IncidentBridge(ctx, requireNonNull(tracer, "tracer"));
  }

  /**
   * Creates a bridge whose service catalog is read from {@code settings.servicesFile()} (empty when
   * none is set); a bad file fails with its file and line.
   */
  public static IncidentBridge create(
      DataSource dataSource, BridgeSettings settings, BudgetView budgets, Clock clock) {
    return create(dataSource, settings, budgets, clock, UNTRACED);
  }

  /** As {@link #create(DataSource, BridgeSettings, BudgetView, Clock)}, tracing deliveries. */
  public static IncidentBridge create(
      DataSource dataSource,
      BridgeSettings settings,
      BudgetView budgets,
      Clock clock,
      Tracer tracer) {
    ServiceCatalog catalog =
        settings.servicesFile().map(ServiceCatalog::load).orElseGet(ServiceCatalog::empty);
    return create(dataSource, settings, catalog, budgets, clock, tracer);
  }

  /** Starts the quiet-period ticker and the outbox delivery workers. */
  public synchronized void start() {
    if (ticker != null) {
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bridge-ticker");
              t.setDaemon(true);
              return t;
            });
    long every = ctx.settings().tickInterval().toMillis();
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            log.warn("incident bridge tick failed; retrying at the next tick", e);
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    worker.start();
  }

  /**
   * Applies one alert transition from the SLO engine (open, update, escalate, recover). Blocks on
   * the database.
   */
  public void accept(AlertTransition transition) {
    rules.onTransition(requireNonNull(transition, "transition"));
  }

  /** Applies transitions in order. Blocks on the database. */
  public void acceptAll(List<AlertTransition> transitions) {
    transitions.forEach(this::accept);
  }

  /**
   * Resolves recovered incidents whose quiet period has passed and purges delivered outbox messages
   * older than the retention; {@link #start()} calls it every {@code tickInterval}. Returns the
   * keys it resolved.
   */
  public List<String> tick() {
    List<String> resolved = rules.resolveQuiet();
    purgeDelivered();
    return resolved;
  }

  /** Deletes delivered outbox messages older than the retention, a batch at a time. */
  int purgeDelivered() {
    java.time.Instant cutoff = ctx.clock().instant().minus(ctx.settings().outbox().retention());
    return ctx.db()
        .tx(
            c ->
                Db.update(
                    c,
                    "DELETE FROM bridge_outbox WHERE id IN (SELECT id FROM bridge_outbox WHERE state = 'delivered'"
                        + " AND delivered_at < ? LIMIT 10000)",
                    cutoff));
  }

  /**
   * The key of the SLO's active (open or acknowledged) incident, for the SLO status; blocks on the
   * database.
   */
  public Optional<String> activeIncidentKey(String slo) {
    requireNonNull(slo, "slo");
    return ctx.db().tx(c -> Store.activeIncidentKey(c, AlertSignal.sloKey(slo)));
  }

  /**
   * The alert rules that active SLO incidents hold as firing, by SLO: what a new engine leader
   * compares its alert states with. Blocks on the database.
   */
  public java.util.Map<String, java.util.Set<String>> activeSloAlerts() {
    return ctx.db()
        .tx(
            c -> {
              java.util.Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
              for (String[] row :
                  Db.query(
                      c,
                      "SELECT a.slo, k FROM bridge_incident a,"
                          + " jsonb_object_keys(a.active_alerts) AS k"
                          + " WHERE a.source = 'slo' AND a.slo IS NOT NULL"
                          + " AND a.state IN ('open','acknowledged')",
                      rs -> new String[] {rs.getString(1), rs.getString(2)})) {
                out.computeIfAbsent(row[0], x -> new java.util.HashSet<>()).add(row[1]);
              }
              return out;
            });
  }

  /** The delivery backlog of every configured connector; blocks on the database. */
  public List<OutboxStats> outboxStats() {
    java.time.Instant now = ctx.clock().instant();
    return ctx.db()
        .tx(
            c -> {
              List<OutboxStats> out = new java.util.ArrayList<>();
              for (BridgeSettings.ConnectorSettings cs : ctx.settings().connectors()) {
                out.add(
                    Db.one(
                            c,
                            "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'dead'),"
                                + " count(*) FILTER (WHERE state = 'delivered'),"
                                + " min(created_at) FILTER (WHERE state = 'pending') AS oldest"
                                + " FROM bridge_outbox WHERE connector = ?",
                            rs -> {
                              java.time.Instant oldest = Db.instant(rs, "oldest");
                              java.time.Duration age =
                                  oldest == null || oldest.isAfter(now)
                                      ? java.time.Duration.ZERO
                                      : java.time.Duration.between(oldest, now);
                              return new OutboxStats(
                                  cs.name(), rs.getLong(1), rs.getLong(2), rs.getLong(3), age);
                            },
                            cs.name())
                        .orElseThrow());
              }
              return out;
            });
  }

  /** The REST routes, running their database work on {@code vertx}'s worker pool. */
  public BridgeRoutes routes(Vertx vertx) {
    return new BridgeRoutes(new Routes(requireNonNull(vertx, "vertx"), service, gate, rules));
  }

  BridgeService service() {
    return service;
  }

  ChangeGate gate() {
    return gate;
  }

  OutboxWorker worker() {
    return worker;
  }

  /** The settings in force. */
  public BridgeSettings settings() {
    return ctx.settings();
  }

  /** Stops the ticker and the delivery workers; undelivered messages stay in the outbox. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
    worker.close();
  }
}
