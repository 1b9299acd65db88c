package dev.burnrate.bridge;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.internal.BridgeContext;
import dev.burnrate.bridge.internal.BridgeParts;
import dev.burnrate.bridge.internal.alert.AlertSignal;
import dev.burnrate.bridge.internal.change.DoraService;
import dev.burnrate.bridge.internal.incident.Incident;
import dev.burnrate.bridge.internal.incident.IncidentSql;
import dev.burnrate.bridge.internal.incident.ResponseReports;
import dev.burnrate.bridge.internal.jdbc.Database;
import dev.burnrate.bridge.internal.outbox.Outbox;
import dev.burnrate.bridge.internal.outbox.OutboxWorker;
import dev.burnrate.bridge.internal.problem.ProblemSql;
import dev.burnrate.bridge.internal.record.Priority;
import dev.burnrate.bridge.internal.request.BudgetResetSql;
import dev.burnrate.bridge.internal.request.RequestTargetChecks;
import dev.burnrate.bridge.internal.web.Routes;
import dev.burnrate.slo.engine.AlertTransition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The incident bridge: turns SLO alert transitions and monitoring webhooks into incidents, problems
 * and change decisions, and delivers them to ITSM tools through a transactional outbox.
 *
 * <p>Its tables are created by Flyway from {@code classpath:db/migration/bridge}. Every method that
 * touches the database blocks: call it from a worker thread, never from an event loop.
 */
public final class IncidentBridge implements AutoCloseable {
  /** The Flyway location of the bridge's migrations. */
  public static final String MIGRATIONS = "classpath:db/migration/bridge";

  private static final Tracer UNTRACED = OpenTelemetry.noop().getTracer("dev.burnrate.bridge");

  private final BridgeContext ctx;
  private final BridgeParts parts;
  private final OutboxWorker worker;
  private final RequestTargetChecks requestTargets;
  private final BridgeTicker ticker = new BridgeTicker();

  private IncidentBridge(BridgeContext ctx, Tracer tracer, MeterRegistry registry) {
    this.ctx = ctx;
    this.parts = BridgeParts.over(ctx);
    this.worker = new OutboxWorker(ctx.db(), ctx.settings(), ctx.clock(), tracer, registry);
    this.requestTargets = new RequestTargetChecks(ctx, registry);
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
    return builder(dataSource, settings).catalog(catalog).budgets(budgets).clock(clock).build();
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
    return builder(dataSource, settings)
        .catalog(catalog)
        .budgets(budgets)
        .clock(clock)
        .tracer(tracer)
        .build();
  }

  /**
   * Creates a bridge whose service catalog is read from {@code settings.servicesFile()} (empty when
   * none is set); a bad file fails with its file and line.
   */
  public static IncidentBridge create(
      DataSource dataSource, BridgeSettings settings, BudgetView budgets, Clock clock) {
    return builder(dataSource, settings).budgets(budgets).clock(clock).build();
  }

  /** As {@link #create(DataSource, BridgeSettings, BudgetView, Clock)}, tracing deliveries. */
  public static IncidentBridge create(
      DataSource dataSource,
      BridgeSettings settings,
      BudgetView budgets,
      Clock clock,
      Tracer tracer) {
    return builder(dataSource, settings).budgets(budgets).clock(clock).tracer(tracer).build();
  }

  /**
   * A builder of a bridge over a data source and settings; the catalog defaults to the settings'
   * {@code servicesFile} (empty when none), the budgets to none, the clock to UTC and deliveries
   * are not traced.
   *
   * @param dataSource the pool of the database migrated with {@link #MIGRATIONS}
   * @param settings the bridge section of the configuration
   */
  public static Builder builder(DataSource dataSource, BridgeSettings settings) {
    return new Builder(
        requireNonNull(dataSource, "dataSource"), requireNonNull(settings, "settings"));
  }

  /** Builds an {@link IncidentBridge}; nothing runs until {@link IncidentBridge#start()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final BridgeSettings settings;
    private ServiceCatalog catalog;
    private BudgetView budgets = BudgetView.none();
    private Clock clock = Clock.systemUTC();
    private Tracer tracer = UNTRACED;
    private MeterRegistry registry = new CompositeMeterRegistry();

    private Builder(DataSource dataSource, BridgeSettings settings) {
      this.dataSource = dataSource;
      this.settings = settings;
    }

    /** The services and their dependencies, instead of the settings' {@code servicesFile}. */
    public Builder catalog(ServiceCatalog value) {
      this.catalog = requireNonNull(value, "catalog");
      return this;
    }

    /** The engine's error budgets, for the change gate. */
    public Builder budgets(BudgetView value) {
      this.budgets = requireNonNull(value, "budgets");
      return this;
    }

    /** The time source of every rule. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    /** Traces every delivery attempt to an ITSM tool as a {@code bridge.deliver} span. */
    public Builder tracer(Tracer value) {
      this.tracer = requireNonNull(value, "tracer");
      return this;
    }

    /**
     * Where the bridge's own meters go (such as the runbooks a StackStorm connector ran); without
     * one they are kept nowhere.
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.registry = requireNonNull(value, "registry");
      return this;
    }

    /** The bridge; a bad services file fails with its file and line. */
    public IncidentBridge build() {
      ServiceCatalog cat =
          catalog != null
              ? catalog
              : settings.servicesFile().map(ServiceCatalog::load).orElseGet(ServiceCatalog::empty);
      BridgeContext ctx =
          new BridgeContext(
              new Database(dataSource),
              settings,
              cat,
              budgets,
              clock,
              new Outbox(settings.connectors()));
      return new IncidentBridge(ctx, tracer, registry);
    }
  }

  /** Starts the quiet-period ticker and the outbox delivery workers. */
  public synchronized void start() {
    if (ticker.running()) {
      return;
    }
    ticker.start(ctx.settings().tickInterval(), this::tick);
    worker.start();
  }

  /**
   * Applies one alert transition from the SLO engine (open, update, escalate, recover). Blocks on
   * the database.
   */
  public void accept(AlertTransition transition) {
    parts.rules().onTransition(requireNonNull(transition, "transition"));
  }

  /** Applies transitions in order. Blocks on the database. */
  public void acceptAll(List<AlertTransition> transitions) {
    transitions.forEach(this::accept);
  }

  /**
   * Resolves recovered incidents whose quiet period has passed, records response-target breaches,
   * resolves problems whose fix has proved itself, advances the automated fulfilment of service
   * requests, records the ones that missed their fulfilment target, and purges delivered outbox
   * messages older than the retention; {@link #start()} calls it every {@code tickInterval}.
   * Returns the keys it resolved.
   */
  public List<String> tick() {
    List<String> resolved = parts.rules().resolveQuiet();
    parts.rules().response().check();
    parts.problems().verifyFixes();
    parts.requests().runFulfilment();
    requestTargets.check();
    purgeDelivered();
    return resolved;
  }

  /** Deletes delivered outbox messages older than the retention, a batch at a time. */
  int purgeDelivered() {
    return parts.outbox().purgeDelivered();
  }

  /**
   * The key of the SLO's active (open or acknowledged) incident, for the SLO status; blocks on the
   * database.
   */
  public Optional<String> activeIncidentKey(String slo) {
    requireNonNull(slo, "slo");
    return ctx.db().tx(c -> IncidentSql.activeIncidentKey(c, AlertSignal.sloKey(slo)));
  }

  /**
   * The alert rules that active SLO incidents hold as firing, by SLO: what a new engine leader
   * compares its alert states with. Blocks on the database.
   */
  public Map<String, Set<String>> activeSloAlerts() {
    return ctx.db().tx(IncidentSql::activeSloAlerts);
  }

  /**
   * The newest active (open or acknowledged) incident of every SLO that has one, by SLO; blocks on
   * the database.
   */
  public Map<String, SloIncident> activeIncidentsBySlo() {
    return ctx.db()
        .tx(
            c -> {
              Map<String, SloIncident> out = new HashMap<>();
              for (Incident i : IncidentSql.activeBySlo(c)) {
                out.put(i.slo(), summary(i));
              }
              return Map.copyOf(out);
            });
  }

  /**
   * The incidents of a service opened in {@code [from, to)}, oldest first; blocks on the database.
   */
  public List<SloIncident> incidentsOpened(String service, Instant from, Instant to) {
    requireNonNull(service, "service");
    return ctx.db()
        .tx(
            c ->
                IncidentSql.openedBetween(c, service, from, to).stream()
                    .map(IncidentBridge::summary)
                    .toList());
  }

  private static SloIncident summary(Incident i) {
    return new SloIncident(
        i.key(),
        i.title(),
        i.slo(),
        i.state().wire(),
        Priority.format(i.priority()),
        i.severity(),
        i.openedAt(),
        i.acknowledgedAt(),
        i.resolvedAt());
  }

  /**
   * Every approved budget reset request, oldest first, for the api to turn into budget adjustments;
   * blocks on the database.
   */
  public List<BudgetReset> approvedBudgetResets() {
    return ctx.db().tx(BudgetResetSql::approved);
  }

  /** The counts behind the bridge's gauges; blocks on the database. */
  public BridgeGauges gauges() {
    return ctx.db()
        .tx(
            c -> {
              Map<String, Long> byPriority = new HashMap<>();
              IncidentSql.activeByPriority(c)
                  .forEach(
                      (p, n) -> {
                        if (p >= 1 && p <= Priority.values().length) {
                          byPriority.put(Priority.format(p), n);
                        }
                      });
              return new BridgeGauges(byPriority, ProblemSql.countUnresolved(c));
            });
  }

  /** DORA's four keys of every service over {@code window}; blocks on the database. */
  public List<DoraReport> dora(java.time.Duration window) {
    return new DoraService(ctx).all(requireNonNull(window, "window"));
  }

  /** The numbers behind the incident response gauges; blocks on the database. */
  public ResponseGauges responseGauges() {
    ResponseReports reports = new ResponseReports(ctx);
    return ResponseGauges.of(reports.recent(), reports.breaches());
  }

  /** The delivery backlog of every configured connector; blocks on the database. */
  public List<OutboxStats> outboxStats() {
    return parts.outbox().stats();
  }

  /** The REST routes, running their database work on {@code vertx}'s worker pool. */
  public BridgeRoutes routes(Vertx vertx) {
    return new BridgeRoutes(new Routes(requireNonNull(vertx, "vertx"), parts));
  }

  BridgeParts parts() {
    return parts;
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
    ticker.close();
    worker.close();
  }
}
